package io.rolegate.api;

import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.sigv4.HttpRequestParts;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which requests the edge answers on the I/O thread: AssumeRole without an MFA code (memory only) and malformed
 * requests (an error answer); everything that may write or wait on the store goes to a worker thread.
 */
@QuarkusTest
class GatewayThreadChoiceTest {
    @Inject
    Gateway gateway;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::111111111111:role/r&RoleSessionName=s | true",
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::111111111111:role/r&SerialNumber=m&TokenCode=123456 | false",
            "Action=CreateUser&Version=2010-05-08&UserName=u | false",
            "Action=GetSessionToken&Version=2011-06-15 | false",
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15 | false",
            "Action=NoSuchThing&Version=2011-06-15 | false",
            "Action=AssumeRole&RoleArn=%zz | true",
    })
    void onlyMemoryServedRequestsStayOnTheIoThread(String body, boolean ioThread) {
        HttpRequestParts http = new HttpRequestParts("POST", "/", "", Map.of("content-type",
                List.of("application/x-www-form-urlencoded; charset=utf-8")), body.getBytes(StandardCharsets.UTF_8));
        assertEquals(ioThread, gateway.servedFromMemory(gateway.parse(http)));
    }
}
