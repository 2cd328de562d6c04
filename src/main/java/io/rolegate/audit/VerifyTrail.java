package io.rolegate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWKSet;
import io.rolegate.credentials.VerificationKeys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verification command: checks an exported trail (events and digests, {@link TrailExport}) against the
 * gateway's published keys and names every changed, deleted or reordered event and every forged or missing digest.
 * <pre>
 *   java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' io.rolegate.audit.VerifyTrail \
 *        events.jsonl digests.jsonl https://gateway.example/.well-known/jwks.json   (or a jwks.json file)
 * </pre>
 * Exit status 0 when the trail verifies, 1 when it does not (each problem on a line), 2 on bad arguments.
 * Pure: no Quarkus, no database; it trusts only the keys.
 */
public final class VerifyTrail {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifyTrail() {
    }

    public static void main(String[] args) throws IOException, InterruptedException, ParseException {
        if (args.length != 3) {
            System.err.println("usage: VerifyTrail EVENTS.jsonl DIGESTS.jsonl JWKS(file or URL)");
            System.exit(2);
        }
        List<String> events = Files.readAllLines(Path.of(args[0]));
        List<String> digests = Files.readAllLines(Path.of(args[1]));
        String jwks = args[2].startsWith("http://") || args[2].startsWith("https://")
                ? HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(args[2])).build(),
                HttpResponse.BodyHandlers.ofString()).body()
                : Files.readString(Path.of(args[2]));
        List<String> problems = verify(events, digests, JWKSet.parse(jwks));
        problems.forEach(System.out::println);
        if (problems.isEmpty()) {
            System.out.println("OK: " + events.stream().filter(l -> !l.isBlank()).count() + " events and "
                    + digests.stream().filter(l -> !l.isBlank()).count() + " digests verify");
        }
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private record Link(long seq, String prevHash, String hash) {
    }

    /** Every problem found; empty when the trail verifies. */
    public static List<String> verify(List<String> eventLines, List<String> digestLines, JWKSet jwks) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<Long, Link>> byAccount = new LinkedHashMap<>();
        Map<String, Link> previous = new HashMap<>();
        for (String line : eventLines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode head;
            String record;
            try {
                head = JSON.readTree(line);
                record = TrailExport.record(line);
            } catch (IOException | IllegalArgumentException e) {
                problems.add("unreadable event line: " + shorten(line));
                continue;
            }
            String account = head.path("accountId").asText();
            Link link = new Link(head.path("seq").asLong(), head.path("prevHash").asText(), head.path("hash").asText());
            String where = "account " + (account.isEmpty() ? "(none)" : account) + " event " + link.seq();
            Link before = previous.get(account);
            if (before != null) {
                if (link.seq() <= before.seq()) {
                    problems.add(where + " is out of order (after event " + before.seq() + "): reordered");
                } else if (link.seq() != before.seq() + 1) {
                    problems.add("account " + account + " events " + (before.seq() + 1) + ".." + (link.seq() - 1)
                            + " are missing: deleted");
                } else if (!link.prevHash().equals(before.hash())) {
                    problems.add(where + " does not link to event " + before.seq() + ": changed or reordered");
                }
            }
            if (!ChainHash.link(link.prevHash(), link.seq(), record).equals(link.hash())) {
                problems.add(where + " does not match its hash: changed");
            }
            previous.put(account, link);
            byAccount.computeIfAbsent(account, k -> new HashMap<>()).put(link.seq(), link);
        }
        verifyDigests(digestLines, jwks, byAccount, problems);
        return problems;
    }

    private static void verifyDigests(List<String> digestLines, JWKSet jwks, Map<String, Map<Long, Link>> events,
                                      List<String> problems) {
        VerificationKeys keys = VerificationKeys.fromJwkSet(jwks);
        Map<String, String> previousJws = new HashMap<>();
        Map<String, Long> previousLast = new HashMap<>();
        for (String line : digestLines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode d;
            JWSObject jws;
            try {
                jws = JWSObject.parse(JSON.readTree(line).path("jws").asText());
                d = JSON.readTree(jws.getPayload().toString());
            } catch (IOException | ParseException e) {
                problems.add("unreadable digest line: " + shorten(line));
                continue;
            }
            String account = d.path("awsAccountId").asText();
            String where = "account " + account + " digest " + d.path("digestStartTime").asText();
            if (!signedBy(jws, keys)) {
                problems.add(where + " has no valid signature of a published key: forged or changed");
                continue;
            }
            String prior = previousJws.get(account);
            if (prior != null) {
                if (!ChainHash.sha256Hex(prior).equals(d.path("previousDigestHashValue").asText())) {
                    problems.add(where + " does not link to the digest before it: a digest is missing or changed");
                }
                if (d.path("firstSequence").asLong() != previousLast.get(account) + 1) {
                    problems.add(where + " does not start where the digest before it ended");
                }
            }
            long last = d.path("lastSequence").asLong();
            Map<Long, Link> chain = events.getOrDefault(account, Map.of());
            Link signed = chain.get(last);
            if (signed == null) {
                boolean older = chain.keySet().stream().allMatch(s -> s > last);
                if (!older || chain.isEmpty()) {
                    problems.add(where + " covers event " + last + ", which is missing: deleted");
                }
            } else if (!signed.hash().equals(d.path("lastEventHash").asText())) {
                problems.add(where + " signs a different hash for event " + last + ": the chain was rewritten");
            }
            previousJws.put(account, jws.serialize());
            previousLast.put(account, last);
        }
    }

    private static boolean signedBy(JWSObject jws, VerificationKeys keys) {
        Optional<VerificationKeys.Entry> key = keys.find(jws.getHeader().getKeyID());
        try {
            return key.isPresent() && key.get().algorithm().equals(jws.getHeader().getAlgorithm())
                    && jws.verify(key.get().verifier());
        } catch (JOSEException e) {
            return false;
        }
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
