package io.rolegate.iam;

import io.rolegate.model.Tag;
import io.rolegate.store.TagStore;
import io.rolegate.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.Supplier;

/** TagX and UntagX for every taggable entity: the same rules and the same order of checks (Tags), one transaction each. */
@ApplicationScoped
public class EntityTags {
    @Inject
    TagStore tags;
    @Inject
    Transactions tx;

    /** Adds or overwrites tags; {@code owner} resolves the entity's id inside the transaction (NoSuchEntity first). */
    public void add(Supplier<String> owner, List<Tag> added) {
        Tags.requireUserDefined(added);
        tx.run(() -> {
            String id = owner.get();
            Tags.requireWithinQuota(tags.list(id), added);
            tags.put(id, added);
        });
    }

    public void remove(Supplier<String> owner, List<String> keys) {
        tx.run(() -> tags.remove(owner.get(), keys));
    }
}
