package io.rolegate.iam;

import io.rolegate.model.AccessKey;
import io.rolegate.model.User;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.AccessKeyStore;
import io.rolegate.store.Transactions;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;

/** Long-term access keys: at most two per user, secrets sealed at rest and shown once. */
@ApplicationScoped
public class AccessKeyService {
    public static final int MAX_PER_USER = 2;

    /** A new key and its secret: the only value that ever carries the secret out of the gateway. */
    public record NewAccessKey(AccessKey key, String userName, String secretAccessKey) {
    }

    @Inject
    AccessKeyStore keys;
    @Inject
    UserStore users;
    @Inject
    Transactions tx;
    @Inject
    Secrets secrets;
    @Inject
    Clock clock;
    @Inject
    AccessKeyUsage usage;

    public NewAccessKey create(String accountId, String userName) {
        return tx.inTransaction(() -> {
            User u = users.findByName(accountId, userName).orElseThrow(() -> UserService.noSuchUser(userName));
            if (keys.listForUser(u.userId()).size() >= MAX_PER_USER) {
                throw new AwsException(ErrorCode.LimitExceeded, "Cannot exceed quota for AccessKeysPerUser: " + MAX_PER_USER);
            }
            return insert(u, secrets.newAccessKeyId(accountId), secrets.newSecretAccessKey());
        });
    }

    /** Stores a key with a given id and secret (bootstrap); the caller runs this inside its transaction. */
    public NewAccessKey insert(User u, String accessKeyId, String secret) {
        AccessKey k = new AccessKey(accessKeyId, u.accountId(), u.userId(), AccessKey.Status.Active, clock.instant(),
                null, null, null);
        keys.insert(k, secrets.seal(secret, accessKeyId));
        return new NewAccessKey(k, u.userName(), secret);
    }

    public List<AccessKey> list(String accountId, String userName) {
        User u = users.findByName(accountId, userName).orElseThrow(() -> UserService.noSuchUser(userName));
        return keys.listForUser(u.userId());
    }

    public void updateStatus(String accountId, String userName, String accessKeyId, AccessKey.Status status) {
        tx.run(() -> keys.updateStatus(owned(accountId, userName, accessKeyId).accessKeyId(), status));
    }

    public void delete(String accountId, String userName, String accessKeyId) {
        tx.run(() -> keys.delete(owned(accountId, userName, accessKeyId).accessKeyId()));
    }

    private AccessKey owned(String accountId, String userName, String accessKeyId) {
        User u = users.findByName(accountId, userName).orElseThrow(() -> UserService.noSuchUser(userName));
        return keys.find(accessKeyId).filter(k -> k.userId().equals(u.userId()))
                .orElseThrow(() -> noSuchKey(accessKeyId));
    }

    static AwsException noSuchKey(String accessKeyId) {
        return new AwsException(ErrorCode.NoSuchEntity, "The Access Key with id " + accessKeyId + " cannot be found.");
    }

    /** GetAccessKeyLastUsed: the key's user and its last use (a use not yet written counts). */
    public record LastUsed(String userName, AccessKey key, AccessKeyUsage.Use use) {
    }

    public LastUsed lastUsed(String accountId, String accessKeyId) {
        AccessKey k = keys.find(accessKeyId).filter(key -> key.accountId().equals(accountId))
                .orElseThrow(() -> noSuchKey(accessKeyId));
        User u = users.findById(k.userId()).orElseThrow(() -> noSuchKey(accessKeyId));
        AccessKeyUsage.Use use = usage.pending(accessKeyId);
        if (use == null && k.lastUsed() != null) {
            use = new AccessKeyUsage.Use(k.lastUsed(), k.lastUsedService(), k.lastUsedRegion());
        }
        return new LastUsed(u.userName(), k, use);
    }
}
