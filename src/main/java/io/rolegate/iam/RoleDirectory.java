package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.model.Arn;
import io.rolegate.model.Role;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import io.rolegate.store.RoleStore;
import io.rolegate.store.Change;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import io.rolegate.store.TagStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AssumeRole read path: role ARN -> the role and its tags, from memory. The store is read on a miss only
 * (misses are cached too). An entry is dropped when its role (row, tags, trust policy bindings) or a principal its
 * trust policy is bound to changes, and a miss when a role of that name is created.
 */
@ApplicationScoped
public class RoleDirectory implements StoreChangeListener {
    private static final Logger LOG = Logger.getLogger(RoleDirectory.class);

    /**
     * A role with its tags (key -> value, in tag order) and its compiled trust policy. {@code trustPolicy} is null
     * only when the stored document no longer compiles (rules got stricter after it was stored): nobody may assume
     * such a role until its trust policy is updated.
     */
    public record RoleEntry(Role role, Map<String, String> tags, Policy trustPolicy) {
    }

    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    /** Whether the text has the form of a role ARN (what STS accepts as a RoleArn): arn:aws:iam::ACCOUNT:role{path}{name}. */
    public static boolean isRoleArn(String arn) {
        return Arn.parse(arn).filter(a -> a.partition().equals("aws") && a.is("iam", "role")
                && a.path().chars().allMatch(c -> c >= 0x21 && c <= 0x7E)
                && ROLE_NAME.matcher(a.name()).matches()).isPresent();
    }

    /** Entries kept (rolegate.cache.roles.max-entries): about 3 KB each with a small trust policy (README). */
    @ConfigProperty(name = "rolegate.cache.roles.max-entries", defaultValue = "100000")
    long maxEntries;

    private StoreCache<String, Optional<RoleEntry>> byArn;

    @PostConstruct
    void createCache() {
        byArn = StoreCache.withMaximumSize(maxEntries);
    }

    @Inject
    RoleStore roles;
    @Inject
    TagStore tags;
    @Inject
    PrincipalBindings bindings;

    /**
     * The role the ARN names. Empty when the ARN is not a role ARN, the role does not exist, or the ARN's path or
     * name (case included) differs from the role's.
     */
    public Optional<RoleEntry> byArn(String roleArn) {
        if (roleArn == null) {
            return Optional.empty();
        }
        return byArn.get(roleArn, this::load);
    }

    private StoreCache.Loaded<Optional<RoleEntry>> load(String arn) {
        Optional<Arn> parsed = Arn.parse(arn).filter(a -> a.partition().equals("aws") && a.is("iam", "role"));
        if (parsed.isEmpty()) {
            return StoreCache.Loaded.of(Optional.empty()); // never a role: nothing can change that
        }
        Arn a = parsed.get();
        Optional<Role> role = roles.findByName(a.account(), a.name())
                .filter(r -> r.path().equals(a.path()) && r.roleName().equals(a.name()));
        List<String> tagsOfEntry = new ArrayList<>();
        tagsOfEntry.add(Change.roleName(a.account(), a.name()));
        Optional<RoleEntry> entry = role.map(r -> {
            tagsOfEntry.add(r.roleId()); // the row, its tags and its trust policy's bindings
            tagsOfEntry.addAll(bindings.boundIds(r.roleId())); // a bound principal deleted or renamed
            Map<String, String> t = new LinkedHashMap<>();
            tags.list(r.roleId()).forEach(tag -> t.put(tag.key(), tag.value()));
            return new RoleEntry(r, Collections.unmodifiableMap(t), compile(bindings.resolve(r)));
        });
        return StoreCache.Loaded.of(entry, tagsOfEntry);
    }

    /** The trust policy as bound when it was saved (principals deleted since then match nobody). */
    private static Policy compile(Role r) {
        try {
            return Policy.compile(PolicyKind.TRUST, r.arn(), r.trustPolicy());
        } catch (AwsException e) {
            LOG.warnf("The stored trust policy of %s no longer validates (%s): the role cannot be assumed", r.arn(), e.getMessage());
            return null;
        }
    }

    @Override
    public void storeChanged(List<Change> changes, boolean local) {
        byArn.invalidate(changes);
    }

    @Override
    public void everythingChanged() {
        byArn.invalidateAll();
    }
}
