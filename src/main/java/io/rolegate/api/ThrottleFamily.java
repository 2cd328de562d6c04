package io.rolegate.api;

import java.util.Locale;

/**
 * The groups of actions that share a request-rate budget (README "Quotas and limits"). The defaults keep one account
 * to about a fifth of what this gateway serves on 2 cores (~5,000 AssumeRole/s, ~12,000 authorize/s, a few hundred
 * IAM writes/s): five busy tenants saturate it, one cannot. Each replica counts on its own, so N replicas allow up to
 * N times these rates.
 */
public enum ThrottleFamily {
    /** AssumeRole, AssumeRoleWithWebIdentity and every other AssumeRole*: each mints and signs a session token. */
    STS_ASSUME_ROLE(1000, 2000, 250, 500),
    /** The other STS actions (GetCallerIdentity, GetSessionToken, DecodeAuthorizationMessage...). */
    STS(1000, 2000, 250, 500),
    /** IAM Get*, List*, Simulate*: memory reads. */
    IAM_READ(200, 400, 100, 200),
    /** The other IAM actions: each commits to the database. */
    IAM_WRITE(50, 100, 25, 50),
    /** /v1/authorize and /v1/authorize/batch, counted against the asking service's account. */
    AUTHORIZE(2500, 5000, 1000, 2000),
    /** The AWS SSO OIDC and portal protocols. */
    SSO(100, 200, 20, 40),
    /**
     * CloudTrail LookupEvents: AWS allows two lookups per second per account and region (here per account, whatever
     * the region signed for); AWS has no per-principal limit, so the principal's equals the account's.
     */
    CLOUDTRAIL(2, 4, 2, 4);

    final double accountRate;
    final double accountBurst;
    final double principalRate;
    final double principalBurst;

    ThrottleFamily(double accountRate, double accountBurst, double principalRate, double principalBurst) {
        this.accountRate = accountRate;
        this.accountBurst = accountBurst;
        this.principalRate = principalRate;
        this.principalBurst = principalBurst;
    }

    /** The name in configuration keys and metric tags: {@code sts-assume-role}, {@code iam-read}... */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ThrottleFamily of(ActionTable.Action action) {
        String name = action.name();
        if (action.service() == ActionTable.Service.STS) {
            return name.startsWith("AssumeRole") ? STS_ASSUME_ROLE : STS;
        }
        return name.startsWith("Get") || name.startsWith("List") || name.startsWith("Simulate") ? IAM_READ : IAM_WRITE;
    }
}
