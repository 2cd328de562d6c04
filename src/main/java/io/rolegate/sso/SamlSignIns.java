package io.rolegate.sso;

import io.rolegate.credentials.IssuedSession;
import io.rolegate.iam.RequestFacts;
import io.rolegate.model.Arn;
import io.rolegate.sts.SamlService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IdP-initiated SAML sign-in for people (README "SAML federation"), AWS's https://signin.aws.amazon.com/saml: the
 * posted response is verified against the providers its Role attribute names and used up at once (a replay is
 * refused), and the roles it offers that the person may take wait here, server-side, under a random id for
 * {@link #CHOICE_LIFETIME}; the choice takes the waiting assertion once and mints through the same path as
 * AssumeRoleWithSAML ({@link SamlService#assume(SamlService.Verified, String, RequestFacts)}).
 *
 * <p>A choice is bound to the browser that posted the response (a random key in an HttpOnly cookie) and to the
 * page (a random CSRF token in the form), both compared in constant time. Waiting choices live in this replica's
 * memory: behind a load balancer, the choice must reach the replica that showed the page (sticky sessions).
 */
@ApplicationScoped
public class SamlSignIns {
    public static final Duration CHOICE_LIFETIME = Duration.ofMinutes(5);
    /** Beyond this many waiting choices new sign-ins are refused (memory bound). */
    static final int MAX_WAITING = 10_000;
    public static final String FORM_REFUSED = "This choice expired, was already made, or did not come from this "
            + "browser. Sign in again at your identity provider.";
    public static final String BUSY = "Too many sign-ins are waiting for a choice of role. Try again in a few minutes.";
    public static final String NOT_OFFERED = "Your identity provider does not offer you this role.";

    /** A role the assertion offers through a provider, in an account named by its alias (else its id). */
    public record Offer(String roleArn, String providerArn, String accountLabel) {
    }

    /** A verified, used-up assertion waiting for the person's choice (what the page shows and its form carries). */
    public record Choice(String id, String browserKey, String csrf, String subject, String issuer, String sessionName,
                         List<Offer> offers, Instant until) {
        @Override
        public String toString() { // the keys are secrets of the browser
            return "Choice[issuer=" + issuer + ", until=" + until + "]";
        }
    }

    /** The choice cannot be made: the message says why, for the person. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The session minted for a choice, and who took it (for the audit trail). */
    public record Taken(IssuedSession session, String subject, String nameQualifier) {
    }

    private record Waiting(Choice choice, List<SamlService.Verified> verified) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    @Inject
    SamlService saml;
    @Inject
    AccountRoles accounts;
    @Inject
    SecureRandom random;

    /**
     * Verifies and uses up the response (AwsException with AssumeRoleWithSAML's code and message when it is not
     * acceptable) and returns the roles offered; they wait for {@link #take} unless there is none.
     */
    public Choice start(String samlResponse, RequestFacts facts) {
        Instant now = facts.now();
        waiting.values().removeIf(w -> !now.isBefore(w.choice().until()));
        if (waiting.size() >= MAX_WAITING) {
            throw new Refused(BUSY);
        }
        List<SamlService.Verified> verified = saml.verifyForSignIn(samlResponse, now);
        SamlService.Verified first = verified.get(0);
        saml.consume(first.assertion(), now);
        List<Offer> offers = new ArrayList<>();
        for (SamlService.Verified v : verified) {
            for (String roleArn : saml.offeredRoles(v, facts)) {
                String account = Arn.parse(roleArn).map(Arn::account).orElse("");
                offers.add(new Offer(roleArn, v.provider().arn(), accounts.label(account)));
            }
        }
        Choice c = new Choice(secret(), secret(), secret(), first.assertion().subject(), first.assertion().issuer(),
                first.attributes().sessionName(), List.copyOf(offers), now.plus(CHOICE_LIFETIME));
        if (!offers.isEmpty()) {
            waiting.put(c.id(), new Waiting(c, verified));
        }
        return c;
    }

    /**
     * The person's choice: the waiting assertion is taken (once) if the browser key and CSRF token match, and the
     * role is minted as AssumeRoleWithSAML mints it.
     */
    public Taken take(String id, String browserKey, String csrf, String roleArn, RequestFacts facts) {
        Waiting w = id == null ? null : waiting.get(id);
        if (w == null || !same(w.choice().browserKey(), browserKey) || !same(w.choice().csrf(), csrf)
                || !facts.now().isBefore(w.choice().until())) {
            throw new Refused(FORM_REFUSED);
        }
        SamlService.Verified through = null;
        for (Offer o : w.choice().offers()) {
            if (o.roleArn().equals(roleArn)) {
                through = w.verified().stream().filter(v -> v.provider().arn().equals(o.providerArn()))
                        .findFirst().orElse(null);
                break;
            }
        }
        if (through == null) {
            throw new Refused(NOT_OFFERED);
        }
        if (!waiting.remove(id, w)) {
            throw new Refused(FORM_REFUSED);
        }
        return new Taken(saml.assume(through, roleArn, facts), through.assertion().subject(), through.nameQualifier());
    }

    private String secret() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static boolean same(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
