package io.rolegate.store;

import io.rolegate.model.PrincipalBinding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class JdbcPrincipalBindingStore implements PrincipalBindingStore {
    /** The ARN a bound unique id has now, built as Arns builds it: the user's or role's, whichever exists. */
    private static final String LIST = "SELECT b.owner_id, b.principal_arn, b.unique_id, "
            + "CASE WHEN u.user_id IS NOT NULL THEN 'arn:aws:iam::' || u.account_id || ':user' || u.path || u.user_name "
            + "WHEN r.role_id IS NOT NULL THEN 'arn:aws:iam::' || r.account_id || ':role' || r.path || r.role_name "
            + "END AS current_arn "
            + "FROM principal_bindings b LEFT JOIN users u ON u.user_id = b.unique_id "
            + "LEFT JOIN roles r ON r.role_id = b.unique_id WHERE b.owner_id = ? ORDER BY b.principal_arn";

    @Inject
    Sql sql;

    @Override
    public void replace(String ownerId, Collection<PrincipalBinding> bindings) {
        sql.changing(() -> {
            removeAll(ownerId);
            for (PrincipalBinding b : bindings) {
                sql.update("INSERT INTO principal_bindings (owner_id, principal_arn, unique_id) VALUES (?, ?, ?)",
                        ownerId, b.principalArn(), b.uniqueId());
            }
        }, Change.of(Change.Kind.BINDINGS, ownerId));
    }

    @Override
    public List<PrincipalBinding> list(String ownerId) {
        return sql.list(LIST, rs -> new PrincipalBinding(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4)), ownerId);
    }

    @Override
    public void removeAll(String ownerId) {
        sql.changing(() -> sql.update("DELETE FROM principal_bindings WHERE owner_id = ?", ownerId),
                Change.of(Change.Kind.BINDINGS, ownerId));
    }
}
