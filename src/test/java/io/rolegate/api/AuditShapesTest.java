package io.rolegate.api;

import io.rolegate.audit.Redaction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Query parameters become CloudTrail's camelCase requestParameters, lists as arrays, secrets hidden. */
class AuditShapesTest {
    @Test
    void queryParametersAsCloudTrailShowsThem() {
        Params p = Params.parse("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr"
                + "&Tags.member.2.Key=b&Tags.member.1.Key=a&Tags.member.1.Value=x&Tags.member.2.Value=y"
                + "&PolicyArns.member.1.arn=p1&TokenCode=123456&SAMLAssertion=PHNhbWw%2B&X-Amz-Signature=abc");
        Map<String, Object> shown = Redaction.requestParameters(AuditShapes.parameters(p));
        assertEquals(Map.of("roleArn", "arn:aws:iam::1:role/r",
                "tags", List.of(Map.of("key", "a", "value", "x"), Map.of("key", "b", "value", "y")),
                "policyArns", List.of(Map.of("arn", "p1")),
                "tokenCode", Redaction.HIDDEN, "samlAssertion", Redaction.HIDDEN), shown);
    }

    @Test
    void responseElementsLoseTheirSecrets() {
        Result r = Result.of().put("Credentials", Result.of().put("AccessKeyId", "ASIA1").put("SecretAccessKey", "s")
                .put("SessionToken", "t")).put("PackedPolicySize", 6);
        assertEquals(Map.of("credentials", Map.of("accessKeyId", "ASIA1"), "packedPolicySize", 6),
                Redaction.responseElements(AuditShapes.elements(r)));
    }

    @Test
    void camelCaseKeepsTheWordAfterAnAcronym() {
        assertEquals("samlAssertion", AuditShapes.camel("SAMLAssertion"));
        assertEquals("arn", AuditShapes.camel("ARN"));
        assertEquals("roleSessionName", AuditShapes.camel("RoleSessionName"));
    }
}
