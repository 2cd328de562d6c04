package io.rolegate.policy;

import java.math.BigDecimal;
import java.util.Base64;

/**
 * The value types a caller of the IAM policy simulator gives its context entries (AWS's ContextKeyTypeEnum), with
 * the parsing the condition operators apply to request values: a value the type's operators could not read is
 * refused up front rather than silently never matching.
 */
public enum ContextKeyType {
    STRING("string"), STRING_LIST("stringList"), NUMERIC("numeric"), NUMERIC_LIST("numericList"),
    BOOLEAN("boolean"), BOOLEAN_LIST("booleanList"), IP("ip"), IP_LIST("ipList"), BINARY("binary"),
    BINARY_LIST("binaryList"), DATE("date"), DATE_LIST("dateList");

    /** The name on the wire ({@code stringList}). */
    public final String wireName;

    ContextKeyType(String wireName) {
        this.wireName = wireName;
    }

    /** The type of a wire name, or null when there is none. */
    public static ContextKeyType byWireName(String name) {
        for (ContextKeyType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** List types give a multi-valued key ({@code ForAnyValue:}/{@code ForAllValues:}); the others exactly one value. */
    public boolean multiValued() {
        return wireName.endsWith("List");
    }

    /** Whether the type's condition operators can read {@code value}. */
    public boolean accepts(String value) {
        return switch (this) {
            case STRING, STRING_LIST -> true;
            case NUMERIC, NUMERIC_LIST -> number(value);
            case BOOLEAN, BOOLEAN_LIST -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            case IP, IP_LIST -> Cidr.address(value.trim()) != null; // request values are addresses, not networks
            case BINARY, BINARY_LIST -> base64(value);
            case DATE, DATE_LIST -> Dates.parse(value) != null;
        };
    }

    private static boolean number(String v) {
        try {
            new BigDecimal(v.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean base64(String v) {
        try {
            Base64.getDecoder().decode(v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
