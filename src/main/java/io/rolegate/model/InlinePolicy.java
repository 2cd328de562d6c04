package io.rolegate.model;

/** An inline policy embedded in a user, group or role; the document is kept exactly as the caller sent it. */
public record InlinePolicy(String policyName, String document) {
}
