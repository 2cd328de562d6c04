package io.rolegate.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrincipalValuesTest {
    static final String DOC = "{ \"Version\":\"2012-10-17\",\n \"Statement\" : [ {\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[ \"arn:a\" ,\"1234\"],"
            + "\"Federated\":\"arn:f\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"AWS\":\"arn:a\"}}},"
            + "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:\\u0061\"},\"Resource\":\"arn:a\"}]}";

    @Test
    void readsOnlyPrincipalValuesOfTheType() {
        assertEquals(List.of("arn:a", "1234", "arn:a"), PrincipalValues.of(DOC, "AWS"));
        assertEquals(List.of("arn:f"), PrincipalValues.of(DOC, "Federated"));
        assertEquals(List.of("x"), PrincipalValues.of("{\"Statement\":{\"Principal\":{\"AWS\":\"x\"}}}", "AWS"));
        assertEquals(List.of(), PrincipalValues.of("{\"Statement\":[{\"Principal\":{\"AWS\":", "AWS"));
        assertEquals(List.of(), PrincipalValues.of("{\"Other\":{\"Principal\":{\"AWS\":\"x\"}}}", "AWS"));
    }

    @Test
    void replacesOnlyThoseValuesAndKeepsTheRestByteForByte() {
        String out = PrincipalValues.replace(DOC, "AWS", Map.of("arn:a", "AIDAX"));
        assertEquals(DOC.replace("[ \"arn:a\" ,", "[ \"AIDAX\" ,").replace("\"arn:\\u0061\"", "\"AIDAX\""), out);
    }
}
