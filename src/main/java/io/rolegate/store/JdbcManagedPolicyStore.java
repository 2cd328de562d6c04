package io.rolegate.store;

import io.rolegate.model.ManagedPolicy;
import io.rolegate.model.PolicyEntity;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.model.PolicyUsage;
import io.rolegate.model.PolicyVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
public class JdbcManagedPolicyStore implements ManagedPolicyStore {
    /** The policy row with its usage counts; wrapped as a derived table so the counts can be filtered on. */
    private static final String WITH_COUNTS = "SELECT * FROM (SELECT p.*, LOWER(p.policy_name) AS name_lc, "
            + "(SELECT COUNT(*) FROM policy_attachments a WHERE a.policy_id = p.policy_id) AS attachment_count, "
            + "((SELECT COUNT(*) FROM users u WHERE u.boundary_arn = p.arn) "
            + "+ (SELECT COUNT(*) FROM roles r WHERE r.boundary_arn = p.arn)) AS boundary_count "
            + "FROM managed_policies p) x ";

    @Inject
    Sql sql;

    static ManagedPolicy map(ResultSet rs) throws SQLException {
        return new ManagedPolicy(rs.getString("policy_id"), rs.getString("account_id"), rs.getString("arn"),
                rs.getString("policy_name"), rs.getString("path"), rs.getString("description"),
                rs.getString("default_version"), rs.getInt("next_version"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getLong("attachment_count"), rs.getLong("boundary_count"));
    }

    static PolicyVersion mapVersion(ResultSet rs) throws SQLException {
        return new PolicyVersion(rs.getString("policy_id"), rs.getString("version_id"), rs.getString("document"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public Optional<ManagedPolicy> findByArn(String arn) {
        return sql.one(WITH_COUNTS + "WHERE x.arn = ?", JdbcManagedPolicyStore::map, arn);
    }

    @Override
    public Optional<ManagedPolicy> findById(String policyId) {
        return sql.one(WITH_COUNTS + "WHERE x.policy_id = ?", JdbcManagedPolicyStore::map, policyId);
    }

    @Override
    public Optional<ManagedPolicy> findByName(String accountId, String policyName) {
        return sql.one(WITH_COUNTS + "WHERE x.account_id = ? AND x.name_lc = ?", JdbcManagedPolicyStore::map, accountId,
                policyName.toLowerCase(Locale.ROOT));
    }

    @Override
    public List<ManagedPolicy> list(String accountId, String pathPrefix, boolean onlyAttached, PolicyUsage usage,
                                    String afterNameLc, int limit) {
        String inUse = !onlyAttached ? ""
                : usage == PolicyUsage.PermissionsBoundary ? "AND x.boundary_count > 0 " : "AND x.attachment_count > 0 ";
        return sql.list(WITH_COUNTS + "WHERE x.account_id = ? AND x.path LIKE ? AND x.name_lc > ? " + inUse
                        + "ORDER BY x.name_lc FETCH FIRST " + limit + " ROWS ONLY", JdbcManagedPolicyStore::map,
                accountId, LikePatterns.prefix(pathPrefix), afterNameLc == null ? "" : afterNameLc);
    }

    @Override
    public boolean insertIfAbsent(ManagedPolicy p) {
        return sql.insertIfAbsent("INSERT INTO managed_policies (policy_id, account_id, arn, policy_name, path, description, "
                        + "default_version, next_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.policyId(), p.accountId(), p.arn(), p.policyName(), p.path(), p.description(), p.defaultVersionId(),
                p.nextVersion(), p.created().toEpochMilli(), p.updated().toEpochMilli());
    }

    @Override
    public void updateVersions(String policyId, String defaultVersionId, int nextVersion, Instant updated) {
        sql.update("UPDATE managed_policies SET default_version = ?, next_version = ?, updated_at = ? WHERE policy_id = ?",
                defaultVersionId, nextVersion, updated.toEpochMilli(), policyId);
    }

    @Override
    public void delete(String policyId) {
        sql.update("DELETE FROM policy_versions WHERE policy_id = ?", policyId);
        sql.update("DELETE FROM managed_policies WHERE policy_id = ?", policyId);
    }

    @Override
    public List<PolicyVersion> versions(String policyId) {
        return sql.list("SELECT * FROM policy_versions WHERE policy_id = ?", JdbcManagedPolicyStore::mapVersion, policyId);
    }

    @Override
    public Optional<PolicyVersion> findVersion(String policyId, String versionId) {
        return sql.one("SELECT * FROM policy_versions WHERE policy_id = ? AND version_id = ?",
                JdbcManagedPolicyStore::mapVersion, policyId, versionId);
    }

    @Override
    public void insertVersion(PolicyVersion v) {
        sql.update("INSERT INTO policy_versions (policy_id, version_id, document, created_at) VALUES (?, ?, ?, ?)",
                v.policyId(), v.versionId(), v.document(), v.created().toEpochMilli());
    }

    @Override
    public void deleteVersion(String policyId, String versionId) {
        sql.update("DELETE FROM policy_versions WHERE policy_id = ? AND version_id = ?", policyId, versionId);
    }

    @Override
    public boolean attach(String ownerId, String policyId, Instant at) {
        if (sql.count("SELECT COUNT(*) FROM policy_attachments WHERE owner_id = ? AND policy_id = ?", ownerId, policyId) > 0) {
            return false;
        }
        sql.update("INSERT INTO policy_attachments (owner_id, policy_id, attached_at) VALUES (?, ?, ?)", ownerId, policyId,
                at.toEpochMilli());
        return true;
    }

    @Override
    public boolean detach(String ownerId, String policyId) {
        return sql.update("DELETE FROM policy_attachments WHERE owner_id = ? AND policy_id = ?", ownerId, policyId) > 0;
    }

    @Override
    public List<ManagedPolicy> attachedTo(String ownerId) {
        return sql.list(WITH_COUNTS + "WHERE x.policy_id IN (SELECT policy_id FROM policy_attachments WHERE owner_id = ?) "
                + "ORDER BY x.name_lc", JdbcManagedPolicyStore::map, ownerId);
    }

    @Override
    public ManagedPolicy countedIn(String accountId, ManagedPolicy p) {
        long attachments = sql.count("SELECT COUNT(*) FROM policy_attachments a WHERE a.policy_id = ? AND a.owner_id IN ("
                        + "SELECT user_id FROM users WHERE account_id = ? UNION ALL SELECT role_id FROM roles WHERE account_id = ? "
                        + "UNION ALL SELECT group_id FROM iam_groups WHERE account_id = ?)",
                p.policyId(), accountId, accountId, accountId);
        long boundaries = sql.count("SELECT COUNT(*) FROM users WHERE boundary_arn = ? AND account_id = ?", p.arn(), accountId)
                + sql.count("SELECT COUNT(*) FROM roles WHERE boundary_arn = ? AND account_id = ?", p.arn(), accountId);
        return p.withCounts(attachments, boundaries);
    }

    @Override
    public List<PolicyEntity> entities(String accountId, String policyId, String arn) {
        List<PolicyEntity> out = new ArrayList<>();
        out.addAll(sql.list("SELECT g.group_name, g.group_id, g.path FROM iam_groups g JOIN policy_attachments a "
                        + "ON a.owner_id = g.group_id WHERE a.policy_id = ? AND g.account_id = ? ORDER BY g.name_lc",
                rs -> new PolicyEntity(PolicyOwnerKind.GROUP, rs.getString(1), rs.getString(2), rs.getString(3), false),
                policyId, accountId));
        out.addAll(sql.list("SELECT u.user_name, u.user_id, u.path FROM users u JOIN policy_attachments a "
                        + "ON a.owner_id = u.user_id WHERE a.policy_id = ? AND u.account_id = ? ORDER BY u.name_lc",
                rs -> new PolicyEntity(PolicyOwnerKind.USER, rs.getString(1), rs.getString(2), rs.getString(3), false),
                policyId, accountId));
        out.addAll(sql.list("SELECT u.user_name, u.user_id, u.path FROM users u WHERE u.boundary_arn = ? AND u.account_id = ? ORDER BY u.name_lc",
                rs -> new PolicyEntity(PolicyOwnerKind.USER, rs.getString(1), rs.getString(2), rs.getString(3), true),
                arn, accountId));
        out.addAll(sql.list("SELECT r.role_name, r.role_id, r.path FROM roles r JOIN policy_attachments a "
                        + "ON a.owner_id = r.role_id WHERE a.policy_id = ? AND r.account_id = ? ORDER BY r.name_lc",
                rs -> new PolicyEntity(PolicyOwnerKind.ROLE, rs.getString(1), rs.getString(2), rs.getString(3), false),
                policyId, accountId));
        out.addAll(sql.list("SELECT r.role_name, r.role_id, r.path FROM roles r WHERE r.boundary_arn = ? AND r.account_id = ? ORDER BY r.name_lc",
                rs -> new PolicyEntity(PolicyOwnerKind.ROLE, rs.getString(1), rs.getString(2), rs.getString(3), true),
                arn, accountId));
        return out;
    }
}
