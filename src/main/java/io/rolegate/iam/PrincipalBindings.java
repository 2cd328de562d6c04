package io.rolegate.iam;

import io.rolegate.model.PrincipalBinding;
import io.rolegate.model.Role;
import io.rolegate.model.User;
import io.rolegate.policy.PrincipalValues;
import io.rolegate.store.AccountStore;
import io.rolegate.store.PrincipalBindingStore;
import io.rolegate.store.RoleStore;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds the user and role ARNs a stored resource policy names to the principals' unique ids, as AWS does when the
 * policy is saved (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
 * "IAM role principals" / "IAM user principals"): a principal deleted and re-created under the same ARN is a new
 * principal the policy does not trust, and the policy then shows the old unique id in place of the ARN. Principals of
 * every account this gateway hosts are bound; other accounts' cannot be looked up. Any resource policy can use this
 * (today: role trust policies); the owner is the resource's unique id.
 */
@ApplicationScoped
public class PrincipalBindings {
    private static final Pattern IAM_PRINCIPAL = Pattern.compile("arn:aws:iam::(\\d{12}):(user|role)(/.*/|/)([^/]+)");

    /** What a principal value names here. */
    public enum Kind {
        /** Not a user or role ARN of a hosted account (accounts, roots, sessions, unique ids, other accounts). */
        NOT_BINDABLE,
        /** A user or role ARN of a hosted account that names nobody. */
        MISSING,
        /** A user or role ARN naming an existing principal. */
        FOUND
    }

    public record Lookup(Kind kind, String uniqueId) {
    }

    @Inject
    AccountStore accounts;
    @Inject
    UserStore users;
    @Inject
    RoleStore roles;
    @Inject
    PrincipalBindingStore store;

    /** The principal an AWS principal value names now (path and name exact, case included). */
    public Lookup lookup(String principal) {
        Matcher m = IAM_PRINCIPAL.matcher(principal);
        if (!m.matches() || accounts.find(m.group(1)).isEmpty()) {
            return new Lookup(Kind.NOT_BINDABLE, null);
        }
        String account = m.group(1);
        String path = m.group(3);
        String name = m.group(4);
        Optional<String> id = m.group(2).equals("user")
                ? users.findByName(account, name).filter(u -> u.path().equals(path) && u.userName().equals(name))
                .map(User::userId)
                : roles.findByName(account, name).filter(r -> r.path().equals(path) && r.roleName().equals(name))
                .map(Role::roleId);
        return id.map(i -> new Lookup(Kind.FOUND, i)).orElseGet(() -> new Lookup(Kind.MISSING, null));
    }

    /**
     * Saves the bindings of the AWS principals {@code document} names, replacing the owner's previous ones. Call it in
     * the transaction that stores the document.
     */
    public void bind(String ownerId, String document) {
        Map<String, PrincipalBinding> bound = new LinkedHashMap<>();
        for (String principal : PrincipalValues.of(document, "AWS")) {
            Lookup l = lookup(principal);
            if (l.kind() == Kind.FOUND) {
                bound.putIfAbsent(principal, new PrincipalBinding(ownerId, principal, l.uniqueId(), null));
            }
        }
        store.replace(ownerId, bound.values());
    }

    /** The unique ids the owner's policy is bound to (what a cached, resolved copy of it depends on). */
    public List<String> boundIds(String ownerId) {
        return store.list(ownerId).stream().map(PrincipalBinding::uniqueId).toList();
    }

    public void unbind(String ownerId) {
        store.removeAll(ownerId);
    }

    /**
     * The document as AWS shows and evaluates it: a bound principal that is gone appears as its unique id (which
     * matches nobody), one that was renamed under its current ARN; everything else as written.
     */
    public String resolve(String ownerId, String document) {
        Map<String, String> replacements = new LinkedHashMap<>();
        for (PrincipalBinding b : store.list(ownerId)) {
            String now = b.currentArn() == null ? b.uniqueId() : b.currentArn();
            if (!now.equals(b.principalArn())) {
                replacements.put(b.principalArn(), now);
            }
        }
        return PrincipalValues.replace(document, "AWS", replacements);
    }

    /** The role with its trust policy as AWS shows it. */
    public Role resolve(Role r) {
        String shown = resolve(r.roleId(), r.trustPolicy());
        return shown.equals(r.trustPolicy()) ? r : new Role(r.roleId(), r.accountId(), r.roleName(), r.path(), shown,
                r.description(), r.maxSessionDuration(), r.boundaryArn(), r.created(), r.lastUsed(), r.lastUsedRegion());
    }

    /** Each role resolved (ListRoles). */
    public List<Role> resolve(List<Role> rs) {
        List<Role> out = new ArrayList<>(rs.size());
        rs.forEach(r -> out.add(resolve(r)));
        return out;
    }
}
