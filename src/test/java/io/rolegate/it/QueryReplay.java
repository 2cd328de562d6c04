package io.rolegate.it;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends any Query action with any parameters through the real AWS SDK v2 clients (signing, error parsing): an
 * interceptor puts them in the query string of a carrier operation before the SDK signs it (the gateway, as AWS,
 * merges query and body parameters, the query string first). For tables of raw requests.
 */
final class QueryReplay implements ExecutionInterceptor {
    private final ThreadLocal<Map<String, String>> query = new ThreadLocal<>();
    private final IamClient iam;
    private final StsClient sts;

    QueryReplay(URL base, AwsCredentials credentials, Region region) {
        this.iam = IamClient.builder().endpointOverride(Aws.endpoint(base)).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)).addExecutionInterceptor(this)).build();
        this.sts = StsClient.builder().endpointOverride(Aws.endpoint(base)).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)).addExecutionInterceptor(this)).build();
    }

    /** Sends {@code Action=action&Version=...&params} as IAM or STS would receive it; AWS errors are thrown. */
    void send(String service, String action, Map<String, String> params) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("Action", action);
        q.put("Version", service.equals("iam") ? "2010-05-08" : "2011-06-15");
        q.putAll(params);
        query.set(q);
        try {
            if (service.equals("iam")) {
                iam.listUsers();
            } else if (action.equals("AssumeRoleWithWebIdentity")) {
                sts.assumeRoleWithWebIdentity(b -> b.roleArn("carrier").roleSessionName("carrier").webIdentityToken("carrier"));
            } else {
                sts.getCallerIdentity();
            }
        } finally {
            query.remove();
        }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        Map<String, String> q = query.get();
        if (q == null) {
            return context.httpRequest();
        }
        SdkHttpRequest.Builder b = context.httpRequest().toBuilder();
        q.forEach(b::putRawQueryParameter);
        return b.build();
    }
}
