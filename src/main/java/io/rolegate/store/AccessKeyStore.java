package io.rolegate.store;

import io.rolegate.model.AccessKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface AccessKeyStore {
    Optional<AccessKey> find(String accessKeyId);

    /** The sealed secret of a key (see credentials.SecretBox). */
    Optional<String> sealedSecret(String accessKeyId);

    List<AccessKey> listForUser(String userId);

    void insert(AccessKey key, String sealedSecret);

    void updateStatus(String accessKeyId, AccessKey.Status status);

    void updateSecret(String accessKeyId, String sealedSecret);

    void recordUse(String accessKeyId, Instant at, String service, String region);

    void delete(String accessKeyId);
}
