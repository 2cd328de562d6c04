import io.rolegate.credentials.UniqueIdPrefix;
import io.rolegate.credentials.UniqueIds;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;

/**
 * Seeds a migrated Rolegate PostgreSQL database directly with COPY, the rows exactly as the store writes them
 * (JdbcAccountStore, JdbcRoleStore, JdbcInlinePolicyStore; role ids from the gateway's own UniqueIds):
 * ACCOUNTS accounts 400000000000.., ROLES_PER_ACCOUNT roles each (bench-role-N, trusting 111111111111 with an
 * ExternalId, 1 statement) with one inline policy of STATEMENTS_PER_POLICY statements. Default 10,000 x 10 x (1 + 9):
 * 10,000 accounts, 100,000 roles, 1,000,000 statements. No users or access keys (no sealed secret is needed).
 * java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/main/*" bench/Seed.java JDBC_URL USER [accounts] [roles/account] [statements/policy]
 * (or {@code Seed.java key-id ACCOUNT}: prints a new long-term access key id of that account).
 */
public class Seed {
    public static void main(String[] a) throws Exception {
        if (a[0].equals("key-id")) { // a long-term access key id of account a[1], for a bootstrap file
            System.out.println(new io.rolegate.credentials.AccessKeyIds(new SecureRandom()).newLongTermId(a[1]));
            return;
        }
        String url = a[0];
        int accounts = a.length > 2 ? Integer.parseInt(a[2]) : 10_000;
        int rolesPer = a.length > 3 ? Integer.parseInt(a[3]) : 10;
        int statements = a.length > 4 ? Integer.parseInt(a[4]) : 9;
        UniqueIds ids = new UniqueIds(new SecureRandom());
        long now = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, a[1], "")) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            int batch = 500; // accounts per COPY round
            for (int from = 0; from < accounts; from += batch) {
                StringBuilder acc = new StringBuilder(), roles = new StringBuilder(), inline = new StringBuilder();
                for (int i = from; i < Math.min(accounts, from + batch); i++) {
                    String account = String.valueOf(400_000_000_000L + i);
                    acc.append(account).append("\tseed-").append(i).append('\t').append(now).append('\n');
                    for (int r = 0; r < rolesPer; r++) {
                        String name = "bench-role-" + r;
                        String roleId = ids.newId(UniqueIdPrefix.AROA, account);
                        roles.append(roleId).append('\t').append(account).append('\t').append(name).append('\t')
                                .append(name.toLowerCase(Locale.ROOT)).append("\t/\t").append(tsv(trust()))
                                .append("\t\\N\t3600\t\\N\t").append(now).append('\n');
                        inline.append(roleId).append("\tpermissions\t").append(tsv(policy(account, r, statements))).append('\n');
                    }
                }
                copy.copyIn("COPY accounts (account_id, alias, created_at) FROM STDIN", new StringReader(acc.toString()));
                copy.copyIn("COPY roles (role_id, account_id, role_name, name_lc, path, trust_policy, description, "
                        + "max_session_duration, boundary_arn, created_at) FROM STDIN", new StringReader(roles.toString()));
                copy.copyIn("COPY inline_policies (owner_id, policy_name, document) FROM STDIN", new StringReader(inline.toString()));
            }
            c.commit();
            try (var s = c.createStatement()) {
                s.execute("ANALYZE");
            }
        }
        System.out.printf("seeded %,d accounts, %,d roles, %,d policy statements in %.1f s%n", accounts,
                (long) accounts * rolesPer, (long) accounts * rolesPer * (1 + statements), (System.nanoTime() - t0) / 1e9);
    }

    static String trust() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                + "{\"sts:ExternalId\":\"ext-bench-1\"}}}]}";
    }

    static String policy(String account, int role, int statements) {
        StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int s = 0; s < statements; s++) {
            sb.append(s == 0 ? "" : ",").append("{\"Sid\":\"S").append(s).append("\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],")
                    .append("\"Resource\":\"arn:aws:s3:::bucket-").append(account).append('-').append(role).append('-').append(s).append("/*\"}");
        }
        return sb.append("]}").toString();
    }

    /** COPY text format: backslash, tab and newline escaped. */
    static String tsv(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }
}
