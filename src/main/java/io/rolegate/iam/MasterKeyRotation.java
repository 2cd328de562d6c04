package io.rolegate.iam;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.rolegate.credentials.SecretBoxException;
import io.rolegate.store.MasterKeyFile;
import io.rolegate.store.SealedColumn;
import io.rolegate.store.SealedValueStore;
import io.rolegate.store.SealedValueStore.Progress;
import io.rolegate.store.SealedValueStore.SealedRow;
import io.rolegate.store.Transactions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Re-seals every stored secret under the current master key (operator command {@code master-key rotate}), online:
 * row by row in small transactions, each value replaced only if no one changed it meanwhile, while gateways that
 * accept both keys keep serving. Resumable: the progress of each column is committed with its batch, so a run that
 * stops (killed, or {@code limit} reached) continues where it stopped when run again under the same key.
 *
 * <p>It also checks at start that the master key opens what the store holds, so a wrong or lost key stops the
 * gateway with one clear line instead of failing on the first request.
 */
@ApplicationScoped
public class MasterKeyRotation {
    /** What a run did to one column. */
    public record ColumnResult(String column, long resealedThisRun, long resealedTotal, boolean done) {
    }

    /** What a run did; complete when every column is done under the current key. */
    public record Result(String keyFingerprint, List<ColumnResult> columns, boolean complete) {
    }

    @Inject
    SealedValueStore store;
    @Inject
    Secrets secrets;
    @Inject
    MasterKeyFile keyFile;
    @Inject
    Transactions tx;
    @Inject
    Clock clock;

    /** Before the scheduler starts (priority 0): a refused start must not leave scheduled jobs failing beside it. */
    void checkAtStart(@Observes @Priority(-10) StartupEvent ev) {
        for (SealedColumn c : SealedColumn.values()) {
            for (SealedRow row : store.rowsAfter(c, null, 1)) {
                try {
                    secrets.open(row.sealed(), aad(c, row.key()));
                } catch (SecretBoxException e) {
                    throw new ConfigurationException(keyFile.generated()
                            ? "No master key: none was configured (rolegate.master-key / ROLEGATE_MASTER_KEY) and "
                            + "there was no master.key in the data directory, but the store holds secrets sealed "
                            + "under a key. Configure that key (the generated " + keyFile.source() + " is not it)."
                            : "Wrong master key: the key from " + keyFile.source() + " does not open the secrets "
                            + "stored in this database (" + c.qualifiedName() + "). Configure the key they were "
                            + "sealed under (during a rotation, the old one in rolegate.master-key.previous).");
                }
            }
        }
    }

    /**
     * Re-seals up to {@code limit} rows (0: all) in batches of {@code batchSize}, continuing an earlier run under
     * the same key.
     */
    public Result run(int batchSize, long limit) {
        String fingerprint = secrets.sealingKeyFingerprint();
        long budget = limit <= 0 ? Long.MAX_VALUE : limit;
        List<ColumnResult> results = new ArrayList<>();
        boolean complete = true;
        for (SealedColumn c : SealedColumn.values()) {
            Progress p = store.progress(c).filter(saved -> saved.keyFingerprint().equals(fingerprint))
                    .orElse(new Progress(c, fingerprint, null, false, 0));
            long before = p.rowsResealed();
            while (!p.done() && budget > 0) {
                List<SealedRow> rows = store.rowsAfter(c, p.lastRow(), (int) Math.min(batchSize, budget));
                Progress at = p;
                p = tx.inTransaction(rows.isEmpty() ? finished(c, fingerprint, at) : () -> reseal(c, rows, at));
                budget -= rows.size();
            }
            if (!p.done() && budget == 0) {
                // the limit ran out exactly at the end of the column: look once more so the column can finish
                Progress last = p;
                if (store.rowsAfter(c, last.lastRow(), 1).isEmpty()) {
                    p = tx.inTransaction(finished(c, fingerprint, last));
                }
            }
            results.add(new ColumnResult(c.qualifiedName(), p.rowsResealed() - before, p.rowsResealed(), p.done()));
            complete &= p.done();
        }
        return new Result(fingerprint, results, complete);
    }

    private Supplier<Progress> finished(SealedColumn c, String fingerprint, Progress p) {
        return () -> save(new Progress(c, fingerprint, p.lastRow(), true, p.rowsResealed()));
    }

    private Progress reseal(SealedColumn c, List<SealedRow> rows, Progress p) {
        for (SealedRow row : rows) {
            String aad = aad(c, row.key());
            String plain;
            try {
                plain = secrets.open(row.sealed(), aad);
            } catch (SecretBoxException e) {
                throw new IllegalStateException(c.qualifiedName() + " of row " + row.key() + " does not open with "
                        + "the current or previous master keys: set the old key in rolegate.master-key.previous");
            }
            store.replace(c, row.key(), row.sealed(), secrets.seal(plain, aad)); // false: rewritten meanwhile, by a writer sealing under a current key
        }
        return save(new Progress(c, p.keyFingerprint(), rows.get(rows.size() - 1).key(), false,
                p.rowsResealed() + rows.size()));
    }

    private Progress save(Progress p) {
        store.saveProgress(p, clock.instant());
        return p;
    }

    /** The associated data each column's values are sealed with (see where each is sealed). */
    static String aad(SealedColumn c, String key) {
        return switch (c) {
            case SIGNING_KEYS -> SessionKeys.aad(key);
            case SERVER_SECRETS -> SessionKeys.secretAad(key);
            case ACCESS_KEY_SECRETS, MFA_SEEDS, OIDC_SIGN_IN_CLIENT_SECRETS, SAML_PRIVATE_KEYS, SSO_TOKEN_ID_TOKENS,
                    SSO_GRANT_ID_TOKENS -> key;
        };
    }
}
