package io.rolegate.api;

/** A group of related actions (users, roles, AssumeRole...) that registers its handlers in the table. */
public interface ActionFamily {
    void register(ActionTable table);
}
