package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.model.Arn;
import io.rolegate.model.Role;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import io.rolegate.store.RoleStore;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import io.rolegate.store.TagStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AssumeRole read path: role ARN -> the role and its tags, from memory. The store is read on a miss only
 * (misses are cached too), and every committed change drops the cache.
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

    private final StoreCache<String, Optional<RoleEntry>> byArn = StoreCache.withMaximumSize(100_000);

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

    private Optional<RoleEntry> load(String arn) {
        return Arn.parse(arn).filter(a -> a.partition().equals("aws") && a.is("iam", "role"))
                .flatMap(a -> roles.findByName(a.account(), a.name())
                        .filter(r -> r.path().equals(a.path()) && r.roleName().equals(a.name())))
                .map(r -> {
                    Map<String, String> t = new LinkedHashMap<>();
                    tags.list(r.roleId()).forEach(tag -> t.put(tag.key(), tag.value()));
                    return new RoleEntry(r, Collections.unmodifiableMap(t), compile(bindings.resolve(r)));
                });
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
    public void storeChanged() {
        byArn.invalidateAll();
    }
}
