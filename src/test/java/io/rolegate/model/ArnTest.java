package io.rolegate.model;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table src/test/resources/model/arns.txt: each ARN with its parts, or rejected. */
class ArnTest {
    @TestFactory
    List<DynamicTest> table() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines()) {
            String[] f = line.split(" \\| ", -1);
            String text = f[0].equals(" ") ? "" : f[0];
            if (f.length == 2) {
                assertEquals("rejected", f[1].trim(), line);
                tests.add(DynamicTest.dynamicTest("rejects '" + text + "'",
                        () -> assertEquals(Optional.empty(), Arn.parse(text))));
            } else {
                assertEquals(8, f.length, "8 fields: " + line);
                Arn expected = new Arn(f[1], f[2], f[3].trim(), f[4].trim(), f[5].trim(), f[6].trim(), f[7]);
                tests.add(DynamicTest.dynamicTest(text, () -> {
                    Arn a = Arn.parse(text).orElseThrow(() -> new AssertionError("rejected: " + text));
                    assertEquals(expected, a);
                    assertEquals(text, a.toString(), "the parts give back the ARN");
                    assertEquals(text.substring(text.indexOf(':', text.indexOf(':', text.indexOf(':',
                            text.indexOf(':', 4) + 1) + 1) + 1) + 1), a.resource());
                }));
            }
        }
        assertTrue(tests.size() > 30);
        return tests;
    }

    @Test
    void nullIsNotAnArn() {
        assertEquals(Optional.empty(), Arn.parse(null));
    }

    @Test
    void principalShapes() {
        assertTrue(Arn.parse("arn:aws:iam::111122223333:role/a/b").orElseThrow().is("iam", "role"));
        assertFalse(Arn.parse("arn:aws:iam::111122223333:role/a/b").orElseThrow().is("iam", "user"));
        assertFalse(Arn.parse("arn:aws:iam::aws:policy/ReadOnlyAccess").orElseThrow().is("iam", "policy"), "not an account id");
        assertFalse(Arn.parse("arn:aws:iam:us-east-1:111122223333:role/R").orElseThrow().is("iam", "role"), "IAM has no region");
        assertFalse(Arn.parse("arn:aws:iam::111122223333:role:R").orElseThrow().is("iam", "role"), "type:name is not a path");
        assertFalse(Arn.parse("arn:aws:iam::11112222333:role/R").orElseThrow().is("iam", "role"), "11 digits");
    }

    static List<String> lines() throws IOException {
        try (InputStream in = ArnTest.class.getResourceAsStream("/model/arns.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        }
    }
}
