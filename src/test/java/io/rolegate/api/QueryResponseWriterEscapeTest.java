package io.rolegate.api;

import io.rolegate.error.ErrorCode;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Strings no HTTP request can carry (unpaired surrogates) still leave the XML writer well-formed. */
class QueryResponseWriterEscapeTest {
    static String roundTrip(String message) throws Exception {
        String xml = QueryResponseWriter.xmlError("https://iam.amazonaws.com/doc/2010-05-08/", ErrorCode.ValidationError, message, "rid");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return doc.getElementsByTagName("Message").item(0).getTextContent();
    }

    @Test
    void unpairedSurrogatesAndNonCharactersBecomeReplacementCharacters() throws Exception {
        assertEquals("a\uFFFDb", roundTrip("a\uD800b"));
        assertEquals("a\uFFFDb", roundTrip("a\uDC00b"));
        assertEquals("a\uFFFD", roundTrip("a\uD800"));
        assertEquals("\uFFFD\uFFFDx", roundTrip("\uDC00\uD800x"));
        assertEquals("a\uD83D\uDE00b", roundTrip("a\uD83D\uDE00b"));
        assertEquals("\uFFFD\uFFFD\uFFFD", roundTrip("\uFFFE\uFFFF\u0000"));
        assertEquals("a\r\nb\tc", roundTrip("a\r\nb\tc"));
        assertEquals("<&>\"'", roundTrip("<&>\"'"));
    }
}
