package io.rolegate.store;

import io.rolegate.model.PrincipalBinding;

import java.util.Collection;
import java.util.List;

/** The principal bindings of stored resource policies (principal_bindings), keyed by the policy owner's unique id. */
public interface PrincipalBindingStore {

    /** Replaces the owner's bindings with these (principalArn, uniqueId; currentArn is ignored). */
    void replace(String ownerId, Collection<PrincipalBinding> bindings);

    /** The owner's bindings, each with the current ARN of its unique id (null when that user or role is gone). */
    List<PrincipalBinding> list(String ownerId);

    void removeAll(String ownerId);
}
