package io.rolegate.error;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ties the error table to its use: every code is answered somewhere, and its default message is written nowhere else. */
class ErrorCodeTest {
    static final Path MAIN = Path.of("src/main/java");
    static final Path TABLE = MAIN.resolve("io/rolegate/error/ErrorCode.java");
    static Map<Path, String> sources;

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).filter(p -> !p.equals(TABLE))
                    .collect(Collectors.toMap(p -> p, ErrorCodeTest::read));
        }
        assertTrue(sources.size() > 100, "the production sources were found");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeIsUsedByProductionCode(ErrorCode code) {
        Pattern ref = Pattern.compile("\\bErrorCode\\." + code.name() + "\\b");
        assertTrue(sources.values().stream().anyMatch(s -> ref.matcher(s).find()),
                code + " is in the table but nothing in src/main answers with it: delete it");
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void defaultMessagesAreWrittenOnlyInTheTable(ErrorCode code) {
        if (code.defaultMessage() == null) {
            return;
        }
        List<Path> copies = new ArrayList<>();
        sources.forEach((p, s) -> {
            if (s.contains("\"" + code.defaultMessage() + "\"")) {
                copies.add(p);
            }
        });
        assertEquals(List.of(), copies, code + "'s message is copied instead of taken from the table");
    }

    @Test
    void blameDecidesTheLogLevel() {
        assertEquals(Blame.UPSTREAM, ErrorCode.IDPCommunicationError.blame(), "an IdP outage is logged as a warning");
        assertEquals(Blame.UPSTREAM, ErrorCode.ServiceUnavailableException.blame(), "a gateway outage, seen by projects");
        assertEquals(Blame.UPSTREAM, ErrorCode.ServiceUnavailable.blame(), "the database is unreachable");
        assertEquals(Blame.SERVICE, ErrorCode.InternalFailure.blame());
        assertEquals(Blame.SERVICE, ErrorCode.PolicyEvaluation.blame(), "a policy the simulator cannot evaluate is ours");
        for (ErrorCode c : ErrorCode.values()) {
            if (c != ErrorCode.IDPCommunicationError && c != ErrorCode.InternalFailure && c != ErrorCode.PolicyEvaluation
                    && c != ErrorCode.ServiceUnavailableException && c != ErrorCode.ServiceUnavailable) {
                assertEquals(Blame.CALLER, c.blame(), c.name());
            }
            assertEquals(c.httpStatus() >= 500 ? "Receiver" : "Sender", c.faultType());
        }
    }

    @Test
    void theDefaultMessageIsTheExceptionsMessage() {
        AwsException e = new AwsException(ErrorCode.InvalidClientTokenId);
        assertEquals("The security token included in the request is invalid.", e.getMessage());
        assertEquals(403, e.code().httpStatus());
        assertNull(e.getCause());
        assertThrows(NullPointerException.class, () -> new AwsException(ErrorCode.AccessDenied),
                "a code without one fixed text needs the message");
    }

    @Test
    void theCauseIsKeptForTheLogAndSurvivesTheAuthorizationMessage() {
        Exception cause = new IllegalStateException("https://idp.example connection refused");
        AwsException e = new AwsException(ErrorCode.IDPCommunicationError, "m", cause).withEncodedAuthorizationMessage("x");
        assertEquals(cause, e.getCause());
        assertEquals("x", e.encodedAuthorizationMessage());
        assertFalse(e.getStackTrace().length > 0, "expected outcomes carry no stack trace");
    }

    @Test
    void sharedMessagesComeFromTheirFactory() {
        assertEquals("Packed size of session policies and tags consumes 142% of allotted space.",
                AwsErrors.packedPolicyTooLarge(142).getMessage());
        assertEquals(ErrorCode.InvalidInput, AwsErrors.duplicateTagKeys(ErrorCode.InvalidInput).code());
        for (String text : List.of("Duplicate tag keys found.", "Packed size of session", "exceeds the MaxSessionDuration",
                "must provide both MFA serial number")) {
            List<Path> copies = sources.entrySet().stream().filter(en -> en.getValue().contains(text))
                    .map(Map.Entry::getKey).filter(p -> !p.endsWith("AwsErrors.java")).toList();
            assertEquals(List.of(), copies, "\"" + text + "\" is written outside error/AwsErrors");
        }
    }
}
