package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4Signer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;
import software.amazon.awssdk.services.iam.model.IamException;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every XML response stays well-formed whatever the caller sent: each value of api/hostile-xml-values.txt goes raw
 * (as form bytes, signed where the action needs it) to several actions that echo it in an error; the answer must
 * parse with a strict XML parser, keep the right code and read back the value as the table says.
 */
@QuarkusTest
class HostileXmlValuesTest {
    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Hostile(String name, String encoded, String readBack) {
    }

    /** A request template: {v} is replaced by the encoded value; {@code echo} is how the message shows the value. */
    record Probe(String service, String body, String code, String echo) {
    }

    static final List<Probe> PROBES = List.of(
            new Probe("iam", "Action=GetUser&Version=2010-05-08&UserName={v}", "ValidationError", "Value '{v}' at 'userName'"),
            new Probe("iam", "Action=CreateUser&Version=2010-05-08&UserName={v}", "ValidationError", "Value '{v}' at 'userName'"),
            new Probe("iam", "Action=ListUsers&Version=2010-05-08&PathPrefix={v}", "ValidationError", "Value '{v}' at 'pathPrefix'"),
            new Probe("iam", "Action=TagUser&Version=2010-05-08&UserName=admin&Tags.member.1.Key={v}&Tags.member.1.Value=x",
                    "ValidationError", "Value '{v}' at 'tags.1.member.key'"),
            new Probe("sts", "Action=AssumeRole&Version=2011-06-15&RoleSessionName=ok&RoleArn={v}", "ValidationError",
                    "Value '{v}' at 'roleArn'"),
            new Probe(null, "Action={v}&Version=2010-05-08", "InvalidAction", "Could not find operation {v} for version"));

    static List<Hostile> table() {
        try (InputStream in = HostileXmlValuesTest.class.getResourceAsStream("/api/hostile-xml-values.txt")) {
            List<Hostile> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|");
                out.add(new Hostile(f[0].trim(), f[1].trim(), unescape(f[2].trim())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Java-style \\uXXXX, \\r, \\n and \\t escapes of the table. */
    static String unescape(String s) {
        Matcher m = Pattern.compile("\\\\(u[0-9A-Fa-f]{4}|r|n|t)").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String g = m.group(1);
            String c = switch (g) {
                case "r" -> "\r";
                case "n" -> "\n";
                case "t" -> "\t";
                default -> String.valueOf((char) Integer.parseInt(g.substring(1), 16));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(c));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Test
    void everyErrorThatEchoesAHostileValueIsWellFormedXmlWithTheRightCode() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Hostile h : table()) {
            for (Probe p : PROBES) {
                HttpResponse<byte[]> r = send(p, p.body().replace("{v}", h.encoded()));
                String where = h.name() + " -> " + p.body();
                Document doc;
                try {
                    doc = strict().parse(new ByteArrayInputStream(r.body()));
                } catch (SAXParseException e) {
                    failures.add(where + ": not well-formed (" + e.getMessage() + "): "
                            + new String(r.body(), StandardCharsets.UTF_8));
                    continue;
                }
                String code = doc.getElementsByTagName("Code").item(0).getTextContent();
                String message = doc.getElementsByTagName("Message").item(0).getTextContent();
                if (!code.equals(p.code()) || r.statusCode() != 400) {
                    failures.add(where + ": " + r.statusCode() + " " + code + " " + message);
                } else if (!h.readBack().equals("*") && !message.contains(p.echo().replace("{v}", h.readBack()))) {
                    failures.add(where + ": message does not carry the value as expected: " + message);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " responses were wrong:\n" + String.join("\n", failures));
        }
    }

    /** What the SDKs see: before the fix the SDK could not parse the error and threw a client exception. */
    @Test
    void theSdkReadsTheErrorOfANonCharacter() {
        IamException e = IamAssert.fails(400, "ValidationError", null,
                () -> Aws.iam(base, Aws.ALPHA_ADMIN).getUser(b -> b.userName("a\uFFFEb\uFFFF")));
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("1 validation error detected: Value 'a\uFFFDb\uFFFD' at 'userName'"),
                e.awsErrorDetails().errorMessage());
    }

    static DocumentBuilder strict() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return b;
    }

    private HttpResponse<byte[]> send(Probe p, String body) throws IOException, InterruptedException {
        URI u = URI.create(Aws.endpoint(base) + "/");
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        HttpRequest.Builder rb = HttpRequest.newBuilder(u).POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("content-type", "application/x-www-form-urlencoded; charset=utf-8");
        if (p.service() != null) {
            Map<String, List<String>> h = new LinkedHashMap<>();
            h.put("host", List.of(u.getHost() + ":" + u.getPort()));
            h.put("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
            HttpRequestParts signed = new SigV4Signer(Aws.ALPHA_ADMIN.accessKeyId(), Aws.ALPHA_ADMIN.secretAccessKey(),
                    null, "us-east-1", p.service()).sign(new HttpRequestParts("POST", "/", null, h, bytes), Instant.now(),
                    new ArrayList<>(List.of("content-type", "host")));
            signed.headers().forEach((k, v) -> {
                if (!k.equals("host") && !k.equals("content-type")) {
                    rb.header(k, v.get(0));
                }
            });
        }
        HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(true, r.body().length > 0);
        return r;
    }
}
