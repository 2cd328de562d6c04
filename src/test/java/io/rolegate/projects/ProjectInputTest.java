package io.rolegate.projects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The service's own input rules and how it reads the gateway's error documents (the SDK tests cover the rest). */
class ProjectInputTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"a", "Dallas", "DallasFulfillmentCenter", "plant_7.north-2", "9lives",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void namesThatAreAccepted(String name) {
        assertEquals(name, ProjectNames.check(name, "name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"_x", ".x", "a b", "a*", "a?", "a/b", "a:b", "caf\u00e9", "a\n"})
    void namesThatAreRefused(String name) {
        AwsException e = assertThrows(AwsException.class, () -> ProjectNames.check(name, "name"));
        assertEquals(ErrorCode.ValidationException, e.code());
    }

    @Test
    void aStarResourceAndNotActionAreAcceptedInAResourcePolicy() {
        String arn = "arn:aws:monitron:us-east-1:123456789012:project/Dallas";
        ResourcePolicyCheck.check("{\"Statement\":{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"*\"},"
                + "\"NotAction\":[\"monitron:GetProject\",\"MONITRON:ListProjects\"],\"Resource\":[\"*\",\"" + arn + "\"]}}",
                arn, JSON);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400|{\"__type\":\"MalformedPolicyDocument\",\"message\":\"Syntax errors in policy.\"}|MalformedPolicyDocument|Syntax errors in policy.",
            "403|{\"error\":{\"code\":\"AccessDenied\",\"message\":\"no\"}}|AccessDenied|no",
            "403|<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>bad key</Message></Error></ErrorResponse>|InvalidClientTokenId|bad key",
            "502|not json at all||"})
    void theGatewaysErrorDocumentsAreRead(int status, String body, String code, String message) {
        GatewayRefusal r = GatewayRefusal.of(status, body.getBytes(StandardCharsets.UTF_8), JSON);
        assertEquals(status, r.status);
        assertEquals(code, r.code);
        assertEquals(message, r.detail);
    }
}
