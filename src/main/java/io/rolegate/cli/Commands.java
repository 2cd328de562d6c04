package io.rolegate.cli;

import io.quarkus.runtime.QuarkusApplication;
import io.rolegate.error.AwsException;
import io.rolegate.iam.Bootstrap;
import io.rolegate.iam.Bootstrapper;
import io.rolegate.iam.BreakGlass;
import io.rolegate.iam.MasterKeyRotation;
import io.rolegate.iam.OperatorEvents;
import io.rolegate.iam.SessionArn;
import io.rolegate.iam.SessionRevocationService;
import io.rolegate.model.Account;
import io.rolegate.model.SessionRevocation;
import io.rolegate.store.AccountStore;
import io.rolegate.store.DataDirectory;
import io.rolegate.store.DatabaseBackup;
import io.rolegate.store.RevocationStore;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The commands that run inside the application, against the store of the deployment's configuration. */
public class Commands implements QuarkusApplication {
    @Inject
    AccountStore accounts;
    @Inject
    Bootstrapper bootstrapper;
    @Inject
    BreakGlass breakGlass;
    @Inject
    SessionRevocationService revocations;
    @Inject
    RevocationStore revocationStore;
    @Inject
    MasterKeyRotation rotation;
    @Inject
    DatabaseBackup backup;
    @Inject
    DataDirectory dataDir;
    @Inject
    OperatorEvents events;
    @Inject
    Clock clock;

    @Override
    public int run(String... argv) {
        Args a = new Args(Arrays.asList(argv));
        try {
            return switch (a.command()) {
                case "account create" -> createAccount(a);
                case "account list" -> listAccounts(a);
                case "admin recover" -> recoverAdmin(a);
                case "sessions list" -> listSessions(a);
                case "sessions revoke" -> revokeSessions(a);
                case "master-key rotate" -> rotateMasterKey(a);
                case "backup" -> backup(a);
                default -> throw new Args.UsageException("unknown command: " + a.command());
            };
        } catch (Args.UsageException e) {
            System.err.println("rolegate: " + e.getMessage() + "\n" + OfflineCommands.USAGE);
            return 2;
        } catch (AwsException e) {
            System.err.println("rolegate: " + e.code() + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("rolegate: " + e.getMessage());
            return 1;
        }
    }

    private int createAccount(Args a) {
        String id = a.required("id");
        Optional<String> alias = a.option("alias");
        String admin = a.option("admin").orElse("admin");
        Optional<String> file = a.option("credentials-file");
        a.noOthers();
        if (accounts.find(id).isPresent()) {
            throw new IllegalArgumentException("account " + id + " exists already (lost its admin key? use admin recover)");
        }
        Optional<String> profile = bootstrapper.applyOne(new Bootstrap.AccountSpec(id, alias.orElse(null),
                new Bootstrap.AdminSpec(admin, null, null)));
        events.record(new OperatorEvents.OperatorAction("CreateAccount", id,
                parameters("accountId", id, "alias", alias.orElse(null), "adminUserName", admin), null,
                "AWS::IAM::User", admin));
        System.out.println("created account " + id + " and its admin, IAM user " + admin);
        profile.ifPresent(p -> deliver(p, file));
        return 0;
    }

    private int listAccounts(Args a) {
        a.noOthers();
        for (Account acc : accounts.all()) {
            System.out.println(acc.id() + "\t" + (acc.alias() == null ? "-" : acc.alias()) + "\t" + acc.created());
        }
        return 0;
    }

    private int recoverAdmin(Args a) {
        String account = a.required("account");
        String user = a.option("user").orElse("admin");
        boolean deactivate = a.flag("deactivate-old");
        boolean delete = a.flag("delete-old");
        Optional<String> file = a.option("credentials-file");
        a.noOthers();
        if (deactivate && delete) {
            throw new Args.UsageException("give --deactivate-old or --delete-old, not both");
        }
        BreakGlass.Recovered r = breakGlass.recover(account, user, delete ? BreakGlass.OldKeys.DELETE
                : deactivate ? BreakGlass.OldKeys.DEACTIVATE : BreakGlass.OldKeys.KEEP);
        System.out.println("new access key " + r.key().key().accessKeyId() + " for IAM user " + user + " of account "
                + account + (r.deactivated().isEmpty() ? "" : "; deactivated " + r.deactivated())
                + (r.deleted().isEmpty() ? "" : "; deleted " + r.deleted()));
        deliver(r.profile(), file);
        return 0;
    }

    /** Sessions are stateless signed tokens: what the store holds about them are the revocations in force. */
    private int listSessions(Args a) {
        a.noOthers();
        System.out.println("KIND\tACCOUNT\tSUBJECT\tISSUED-BEFORE\tREVOKED-AT\tKEPT-UNTIL");
        for (SessionRevocation r : revocationStore.live(clock.instant())) {
            System.out.println(r.kind() + "\t" + r.accountId() + "\t" + r.subject() + "\t" + r.issuedBefore() + "\t"
                    + r.revokedAt() + "\t" + r.pruneAfter());
        }
        return 0;
    }

    private int revokeSessions(Args a) {
        Optional<String> keyId = a.option("access-key-id");
        Optional<String> arn = a.option("session-arn");
        Optional<String> account = a.option("account");
        Optional<String> role = a.option("role");
        Optional<String> user = a.option("user");
        a.noOthers();
        SessionRevocation r;
        if (keyId.isPresent()) {
            if (!keyId.get().startsWith("ASIA")) {
                throw new Args.UsageException("--access-key-id takes the ASIA... key id of a temporary session");
            }
            r = revocations.revokeAccessKey(keyId.get());
        } else if (arn.isPresent()) {
            r = revocations.revokeSessionArn(SessionArn.parse(arn.get())
                    .orElseThrow(() -> new Args.UsageException("not a session ARN: " + arn.get())));
        } else if (account.isPresent() && role.isPresent()) {
            r = revocations.revokeRoleSessions(account.get(), role.get(), null);
        } else if (account.isPresent() && user.isPresent()) {
            r = revocations.revokeUserSessions(account.get(), user.get(), null);
        } else {
            throw new Args.UsageException("give --access-key-id, --session-arn, or --account with --role or --user");
        }
        events.record(new OperatorEvents.OperatorAction("RevokeSessions", r.accountId(),
                parameters("accessKeyId", keyId.orElse(null), "sessionArn", arn.orElse(null),
                        "accountId", account.orElse(null), "roleName", role.orElse(null), "userName", user.orElse(null)),
                parameters("kind", r.kind().name(), "subject", r.subject(), "issuedBefore", r.issuedBefore().toString()),
                null, null));
        System.out.println("revoked " + r.kind() + " " + r.subject() + " of account " + r.accountId()
                + ": sessions issued before " + r.issuedBefore() + " are refused");
        return 0;
    }

    private int rotateMasterKey(Args a) {
        int batch = (int) a.number("batch-size", 100);
        long limit = a.number("limit", 0);
        a.noOthers();
        MasterKeyRotation.Result r = rotation.run(Math.max(1, batch), limit);
        events.record(new OperatorEvents.OperatorAction("RotateMasterKey", null,
                parameters("batchSize", batch, "limit", limit),
                parameters("keyFingerprint", r.keyFingerprint(), "complete", r.complete()), null, null));
        for (MasterKeyRotation.ColumnResult c : r.columns()) {
            System.out.println(c.column() + ": re-sealed " + c.resealedThisRun() + " now, " + c.resealedTotal()
                    + " in all" + (c.done() ? ", done" : ", not done"));
        }
        System.out.println(r.complete()
                ? "every stored secret is sealed under key " + r.keyFingerprint()
                + ": rolegate.master-key.previous can be removed"
                : "incomplete: run master-key rotate again to continue");
        return r.complete() ? 0 : 3;
    }

    private int backup(Args a) {
        Path to = Path.of(a.required("to")).toAbsolutePath();
        a.noOthers();
        backup.backupTo(to);
        try {
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("rolegate: could not make " + to + " owner-only: " + e.getMessage());
        }
        System.out.println("backed up to " + to + " (secrets inside are sealed: keep the master key apart from it)");
        return 0;
    }

    /** A new secret leaves once: to an owner-only file that must not exist yet, or to stdout. */
    private void deliver(String profile, Optional<String> file) {
        if (file.isEmpty()) {
            System.out.print(profile);
            return;
        }
        Path f = Path.of(file.get()).toAbsolutePath();
        try {
            dataDir.writeOwnerOnly(f, profile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + f + ": " + e);
        }
        System.out.println("credentials written to " + f + " (mode 0600)");
    }

    /** An event's members from name, value pairs, in order; absent (null) values left out. */
    private static Map<String, Object> parameters(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                m.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }
}
