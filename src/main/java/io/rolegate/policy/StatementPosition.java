package io.rolegate.policy;

/**
 * Where a statement sits in its policy document, as the IAM policy simulator reports it (StartPosition and
 * EndPosition of a matched statement): 1-based lines and columns (in characters) of the parser's position before
 * and after the statement's value. The start is therefore just after the {@code [} of the Statement array (or after
 * the previous statement's {@code }}), or just after the {@code {} of a lone statement object; the end is just after
 * the statement's closing {@code }}. These rules reproduce the positions AWS returns for its own examples.
 */
public record StatementPosition(int startLine, int startColumn, int endLine, int endColumn) {
}
