package io.rolegate.iam;

import io.rolegate.model.AccessKey;
import io.rolegate.model.User;
import io.rolegate.store.AccessKeyStore;
import io.rolegate.store.AccountStore;
import io.rolegate.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovery of a lost admin key (operator command {@code admin recover}): a new access key for the account's admin
 * user (re-created with full rights if it was deleted), the old keys optionally deactivated or deleted. Recorded in
 * the account's audit trail (event RecoverAdminAccessKey, {@link OperatorEvents}) before the key is handed out, and
 * logged at WARN (who and which key, never the secret) so the recovery is visible in the logs of the deployment.
 */
@ApplicationScoped
public class BreakGlass {
    private static final Logger LOG = Logger.getLogger(BreakGlass.class);

    /** What to do with the admin's existing keys. */
    public enum OldKeys { KEEP, DEACTIVATE, DELETE }

    /** The new key and the credentials-file profile that carries it. */
    public record Recovered(AccessKeyService.NewAccessKey key, List<String> deactivated, List<String> deleted,
                            String profile) {
    }

    @Inject
    AccountStore accounts;
    @Inject
    AccessKeyStore keys;
    @Inject
    AccessKeyService keyService;
    @Inject
    Bootstrapper bootstrapper;
    @Inject
    Secrets secrets;
    @Inject
    Transactions tx;
    @Inject
    OperatorEvents events;

    public Recovered recover(String accountId, String userName, OldKeys old) {
        if (accounts.find(accountId).isEmpty()) {
            throw new IllegalArgumentException("no account " + accountId);
        }
        Recovered r = tx.inTransaction(() -> {
            User admin = bootstrapper.ensureAdmin(accountId, userName);
            List<AccessKey> existing = keys.listForUser(admin.userId());
            List<String> ids = existing.stream().map(AccessKey::accessKeyId).toList();
            switch (old) {
                case DEACTIVATE -> ids.forEach(id -> keyService.updateStatus(accountId, userName, id, AccessKey.Status.Inactive));
                case DELETE -> ids.forEach(id -> keyService.delete(accountId, userName, id));
                case KEEP -> { }
            }
            if (old != OldKeys.DELETE && existing.size() >= AccessKeyService.MAX_PER_USER) {
                throw new IllegalArgumentException("user " + userName + " of account " + accountId + " already has "
                        + existing.size() + " access keys (the most a user may have): rerun with --delete-old");
            }
            AccessKeyService.NewAccessKey k = keyService.insert(admin, secrets.newAccessKeyId(accountId),
                    secrets.newSecretAccessKey());
            return new Recovered(k, old == OldKeys.DEACTIVATE ? ids : List.of(), old == OldKeys.DELETE ? ids : List.of(),
                    Bootstrapper.profile(accountId, k));
        });
        events.record(event(accountId, userName, old, r));
        LOG.warnf("Break-glass: operator issued access key %s to IAM user %s of account %s (old keys deactivated: %s, deleted: %s)",
                r.key().key().accessKeyId(), userName, accountId, r.deactivated(), r.deleted());
        return r;
    }

    /** What the trail keeps of a recovery: the user, the new key's id and the old keys' fate; never the secret. */
    private static OperatorEvents.OperatorAction event(String accountId, String userName, OldKeys old, Recovered r) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("accountId", accountId);
        request.put("userName", userName);
        request.put("oldKeys", old.name());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accessKeyId", r.key().key().accessKeyId());
        response.put("deactivatedAccessKeyIds", r.deactivated());
        response.put("deletedAccessKeyIds", r.deleted());
        return new OperatorEvents.OperatorAction("RecoverAdminAccessKey", accountId, request, response,
                "AWS::IAM::User", userName);
    }
}
