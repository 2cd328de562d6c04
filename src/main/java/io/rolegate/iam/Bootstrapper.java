package io.rolegate.iam;

import io.rolegate.model.AccessKey;
import io.rolegate.model.Account;
import io.rolegate.model.User;
import io.quarkus.runtime.StartupEvent;
import io.rolegate.credentials.AccessKeyIds;
import io.rolegate.store.AccountStore;
import io.rolegate.store.DataDirectory;
import io.rolegate.store.Transactions;
import io.rolegate.store.UserStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Applies the bootstrap file at every start (idempotent), or, with no file and an empty store, creates one account
 * and its admin so a newcomer has working credentials. Generated secrets go to an owner-only file; the log says
 * where, never what.
 */
@ApplicationScoped
public class Bootstrapper {
    private static final Logger LOG = Logger.getLogger(Bootstrapper.class);
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9+/]{40}");

    @ConfigProperty(name = "rolegate.bootstrap.file")
    Optional<String> bootstrapFile;

    @Inject
    AccountStore accounts;
    @Inject
    UserStore users;
    @Inject
    UserService userService;
    @Inject
    AccessKeyService keyService;
    @Inject
    Transactions tx;
    @Inject
    Secrets secrets;
    @Inject
    DataDirectory dataDir;
    @Inject
    Clock clock;

    void onStart(@Observes @Priority(10) StartupEvent ev) {
        apply();
    }

    public void apply() {
        Bootstrap b;
        if (bootstrapFile.isPresent() && !bootstrapFile.get().isBlank()) {
            try {
                b = Bootstrap.read(Path.of(bootstrapFile.get()));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the bootstrap file " + bootstrapFile.get() + ": " + e.getMessage(), e);
            }
        } else if (accounts.all().isEmpty()) {
            b = new Bootstrap(List.of(new Bootstrap.AccountSpec(randomAccountId(), null,
                    new Bootstrap.AdminSpec("admin", null, null))));
        } else {
            return;
        }
        List<String> generated = new ArrayList<>();
        for (Bootstrap.AccountSpec spec : b.accounts()) {
            validate(spec);
            tx.run(() -> applyAccount(spec, generated));
        }
        if (!generated.isEmpty()) {
            writeCredentials(generated);
        }
    }

    /**
     * Creates one account and its admin now, as a bootstrap file entry would (operator command {@code account create}
     * on a running deployment). Returns the credentials profile of the admin's generated key, if one was generated.
     */
    public Optional<String> applyOne(Bootstrap.AccountSpec spec) {
        validate(spec);
        List<String> generated = new ArrayList<>();
        tx.run(() -> applyAccount(spec, generated));
        return generated.stream().findFirst();
    }

    private static void validate(Bootstrap.AccountSpec spec) {
        if (spec.id() == null || !ACCOUNT_ID.matcher(spec.id()).matches()) {
            throw new IllegalStateException("Bootstrap: account id must be 12 digits, got " + spec.id());
        }
        Bootstrap.AdminSpec a = spec.admin();
        if (a != null && (a.accessKeyId() == null) != (a.secretAccessKey() == null)) {
            throw new IllegalStateException("Bootstrap: give both accessKeyId and secretAccessKey, or neither (account " + spec.id() + ")");
        }
        if (a != null && a.accessKeyId() != null) {
            if (!(AccessKeyIds.isWellFormed(a.accessKeyId()) && !AccessKeyIds.isTemporary(a.accessKeyId())) || !spec.id().equals(AccessKeyIds.accountOf(a.accessKeyId()).orElse(null))) {
                throw new IllegalStateException("Bootstrap: accessKeyId of account " + spec.id()
                        + " must be an AKIA key id that embeds that account (see README)");
            }
            if (!SECRET.matcher(a.secretAccessKey()).matches()) {
                throw new IllegalStateException("Bootstrap: secretAccessKey of account " + spec.id() + " must be 40 characters of [A-Za-z0-9+/]");
            }
        }
    }

    private void applyAccount(Bootstrap.AccountSpec spec, List<String> generated) {
        Optional<Account> existing = accounts.find(spec.id());
        if (existing.isEmpty()) {
            accounts.insert(new Account(spec.id(), spec.alias(), clock.instant()));
            LOG.infof("Bootstrap: created account %s", spec.id());
        } else if (spec.alias() != null && !spec.alias().equals(existing.get().alias())) {
            accounts.updateAlias(spec.id(), spec.alias());
        }
        if (spec.admin() == null) {
            return;
        }
        String name = spec.admin().user() == null ? "admin" : spec.admin().user();
        User admin = ensureAdmin(spec.id(), name);
        List<AccessKey> keys = keyService.list(spec.id(), name);
        if (spec.admin().accessKeyId() != null) {
            String id = spec.admin().accessKeyId();
            Optional<AccessKey> k = keys.stream().filter(key -> key.accessKeyId().equals(id)).findFirst();
            if (k.isEmpty()) {
                keyService.insert(admin, id, spec.admin().secretAccessKey());
            }
        } else if (keys.isEmpty()) {
            AccessKeyService.NewAccessKey k = keyService.insert(admin, secrets.newAccessKeyId(spec.id()),
                    secrets.newSecretAccessKey());
            generated.add(profile(spec.id(), k));
        }
    }

    /** The user {@code name} of the account with full rights in it, created if absent; the caller's transaction. */
    User ensureAdmin(String accountId, String name) {
        User admin = users.findByName(accountId, name)
                .orElseGet(() -> userService.create(accountId, name, "/", null, List.of(), true));
        if (!admin.admin()) {
            admin = new User(admin.userId(), admin.accountId(), admin.userName(), admin.path(), true,
                    admin.boundaryArn(), admin.created());
            users.update(admin);
        }
        return admin;
    }

    /** An AWS credentials file profile for an admin's new key. */
    static String profile(String accountId, AccessKeyService.NewAccessKey k) {
        return "[rolegate-" + accountId + "]\n"
                + "# account " + accountId + ", IAM user " + k.userName() + " (full rights in this account)\n"
                + "aws_access_key_id = " + k.key().accessKeyId() + "\n"
                + "aws_secret_access_key = " + k.secretAccessKey() + "\n";
    }

    private void writeCredentials(List<String> profiles) {
        Path file = dataDir.path().resolve("admin-credentials");
        int n = 1;
        while (Files.exists(file)) {
            file = dataDir.path().resolve("admin-credentials." + (++n));
        }
        try {
            dataDir.writeOwnerOnly(file, String.join("\n", profiles));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.infof("Bootstrap: admin credentials written to %s (an AWS credentials file, mode 0600)", file);
    }

    private String randomAccountId() {
        StringBuilder sb = new StringBuilder();
        sb.append(1 + secrets.random().nextInt(9));
        for (int i = 1; i < 12; i++) {
            sb.append(secrets.random().nextInt(10));
        }
        return sb.toString();
    }
}
