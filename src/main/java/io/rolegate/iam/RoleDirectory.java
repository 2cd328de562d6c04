package io.rolegate.iam;

import io.rolegate.model.Role;
import io.rolegate.error.AwsException;
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
import java.util.regex.Matcher;
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

    /** arn:aws:iam::ACCOUNT:role{path}{name}; path is "/" or "/.../". */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role(/|/[\\u0021-\\u007E]*/)([\\w+=,.@-]{1,64})");

    private final StoreCache<String, Optional<RoleEntry>> byArn = StoreCache.withMaximumSize(100_000);

    @Inject
    RoleStore roles;
    @Inject
    TagStore tags;

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
        Matcher m = ROLE_ARN.matcher(arn);
        if (!m.matches()) {
            return Optional.empty();
        }
        String account = m.group(1);
        String path = m.group(2);
        String name = m.group(3);
        return roles.findByName(account, name)
                .filter(r -> r.path().equals(path) && r.roleName().equals(name))
                .map(r -> {
                    Map<String, String> t = new LinkedHashMap<>();
                    tags.list(r.roleId()).forEach(tag -> t.put(tag.key(), tag.value()));
                    return new RoleEntry(r, Collections.unmodifiableMap(t), compile(r));
                });
    }

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
