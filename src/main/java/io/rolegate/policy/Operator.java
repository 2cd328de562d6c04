package io.rolegate.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * The condition operators of docs/aws-behaviour.md §4.3, without the IfExists / ForAllValues: / ForAnyValue: modifiers.
 */
enum Operator {
    StringEquals(Family.STRING, false), StringNotEquals(Family.STRING, true),
    StringEqualsIgnoreCase(Family.STRING_IC, false), StringNotEqualsIgnoreCase(Family.STRING_IC, true),
    StringLike(Family.STRING_LIKE, false), StringNotLike(Family.STRING_LIKE, true),
    NumericEquals(Family.NUMERIC, false), NumericNotEquals(Family.NUMERIC, true),
    NumericLessThan(Family.NUMERIC, false), NumericLessThanEquals(Family.NUMERIC, false),
    NumericGreaterThan(Family.NUMERIC, false), NumericGreaterThanEquals(Family.NUMERIC, false),
    DateEquals(Family.DATE, false), DateNotEquals(Family.DATE, true),
    DateLessThan(Family.DATE, false), DateLessThanEquals(Family.DATE, false),
    DateGreaterThan(Family.DATE, false), DateGreaterThanEquals(Family.DATE, false),
    Bool(Family.BOOL, false),
    BinaryEquals(Family.BINARY, false),
    IpAddress(Family.IP, false), NotIpAddress(Family.IP, true),
    ArnEquals(Family.ARN, false), ArnLike(Family.ARN, false), ArnNotEquals(Family.ARN, true), ArnNotLike(Family.ARN, true),
    Null(Family.NULL, false);

    enum Family { STRING, STRING_IC, STRING_LIKE, NUMERIC, DATE, BOOL, BINARY, IP, ARN, NULL }

    private static final Map<String, Operator> BY_NAME = new HashMap<>();

    static {
        for (Operator o : values()) {
            BY_NAME.put(o.name(), o);
        }
    }

    final Family family;
    /** Negated operators are true when the key is absent, and with several values they must match none (AND). */
    final boolean negated;

    Operator(Family family, boolean negated) {
        this.family = family;
        this.negated = negated;
    }

    static Operator byName(String name) {
        return BY_NAME.get(name);
    }

    boolean takesVariables() {
        return family == Family.STRING || family == Family.STRING_IC || family == Family.STRING_LIKE
                || family == Family.ARN;
    }

    /** Result of comparing request value to policy value with {@code cmp = request.compareTo(policy)}. */
    boolean ordered(int cmp) {
        return switch (this) {
            case NumericEquals, NumericNotEquals, DateEquals, DateNotEquals -> cmp == 0;
            case NumericLessThan, DateLessThan -> cmp < 0;
            case NumericLessThanEquals, DateLessThanEquals -> cmp <= 0;
            case NumericGreaterThan, DateGreaterThan -> cmp > 0;
            case NumericGreaterThanEquals, DateGreaterThanEquals -> cmp >= 0;
            default -> throw new IllegalStateException(name());
        };
    }
}
