package io.rolegate.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.policy.Decision;
import io.rolegate.policy.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encoded authorization failure messages (the DecodedMessage JSON of docs/aws-behaviour.md §2.2, sealed with
 * AES-256-GCM under the master key, base64url), decoded by sts:DecodeAuthorizationMessage. AWS appends "Encoded
 * authorization failure
 * message: ..." to the text only for some services (EC2); for IAM the text carries none, so Rolegate keeps IAM's
 * message exact and sends the encoded message in its own element of the error document, which SDKs ignore.
 * Messages expire after {@link #TTL}. As AWS encrypts them per account, a message is sealed for the account of the
 * caller that was denied (the account is part of the authenticated data), so only principals of that account can
 * decode it; any other caller gets the same error as for a tampered message.
 */
@ApplicationScoped
public class AuthorizationMessages {
    static final Duration TTL = Duration.ofHours(24);
    private static final String AAD = "rolegate-authorization-message-v2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Secrets secrets;
    @Inject
    Clock clock;

    /** The DecodedMessage JSON for a decision. {@code context} keys are listed with their values. */
    public String describe(Caller caller, String action, String resource, Decision decision,
                           Map<String, List<String>> context) {
        ObjectNode root = JSON.createObjectNode();
        root.put("allowed", decision.isAllowed());
        root.put("explicitDeny", decision.outcome() == Decision.Outcome.EXPLICIT_DENY);
        ArrayNode matched = root.putObject("matchedStatements").putArray("items");
        for (Decision.Match m : decision.statements()) {
            ObjectNode s = matched.addObject();
            s.put("statementId", m.sid() == null ? "" : m.sid());
            s.put("effect", decision.outcome() == Decision.Outcome.EXPLICIT_DENY ? "DENY" : "ALLOW");
            s.put("principals", "");
            s.put("sourcePolicyId", m.policyName() == null ? "" : m.policyName());
            s.put("sourcePolicyType", m.type().name());
        }
        root.putObject("failures").putArray("items");
        ObjectNode ctx = root.putObject("context");
        ObjectNode principal = ctx.putObject("principal");
        principal.put("id", caller.userId());
        if (caller.userName() != null) {
            principal.put("name", caller.userName());
        }
        principal.put("arn", caller.arn());
        ctx.put("action", action);
        ctx.put("resource", resource == null ? "" : resource);
        ArrayNode items = ctx.putObject("conditions").putArray("items");
        context.forEach((k, values) -> {
            ObjectNode item = items.addObject();
            item.put("key", k);
            ArrayNode vs = item.putObject("values").putArray("items");
            values.forEach(v -> vs.addObject().put("value", v));
        });
        return root.toString();
    }

    /** Sealed for {@code account}: only a caller of that account can decode it. */
    public String encode(String account, String decodedMessageJson) {
        String envelope = clock.instant().getEpochSecond() + "\n" + decodedMessageJson;
        byte[] sealed = secrets.box().seal(envelope.getBytes(StandardCharsets.UTF_8), aad(account));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    public String encode(Caller caller, String action, String resource, Decision decision, RequestContext ctx,
                         List<String> keysToShow) {
        Map<String, List<String>> shown = new java.util.LinkedHashMap<>();
        for (String k : keysToShow) {
            List<String> v = ctx.values(k);
            if (v != null) {
                shown.put(k, v);
            }
        }
        return encode(caller.accountId(), describe(caller, action, resource, decision, shown));
    }

    /**
     * The DecodedMessage for a caller of {@code callerAccount}, or InvalidAuthorizationMessageException when tampered,
     * expired or sealed for another account.
     */
    public String decode(String callerAccount, String encoded) {
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(encoded.trim());
            String envelope = new String(secrets.box().open(sealed, aad(callerAccount)), StandardCharsets.UTF_8);
            int nl = envelope.indexOf('\n');
            long issued = Long.parseLong(envelope.substring(0, nl));
            if (clock.instant().getEpochSecond() - issued > TTL.toSeconds()) {
                throw invalid();
            }
            return envelope.substring(nl + 1);
        } catch (AwsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private static String aad(String account) {
        return AAD + ":" + account;
    }

    private static AwsException invalid() {
        return new AwsException(ErrorCode.InvalidAuthorizationMessageException, "Message is not valid");
    }
}
