package io.rolegate.it;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;
import java.net.URL;

/** Real AWS SDK v2 clients pointed at the gateway under test. */
public final class Aws {
    public static final String ALPHA = "111111111111";
    public static final String BETA = "222222222222";
    /** The seed's account (bootstrap-test.yaml): owns the projects of the reference service. */
    public static final String MONITRON = "123456789012";
    public static final AwsBasicCredentials ALPHA_ADMIN =
            AwsBasicCredentials.create("AKIARTXV5AHDW7KG7HW7", "Hicdp06i2rI3+Z4IVnLmo4h4f0UksVBkm7QyfzG3");
    public static final AwsBasicCredentials BETA_ADMIN =
            AwsBasicCredentials.create("AKIATHPL2AOHMNVCTEQL", "AdNOP4wQGypsEi6fq21Gcl6Nyj9CfAXMLwbhndpQ");

    public static final AwsBasicCredentials MONITRON_ADMIN =
            AwsBasicCredentials.create("AKIARZPUZDIKN35Y7B3U", "1cZH0MvbOajHb0QsbgjFYkZv7hOl+cx14ifOeEBa");

    private Aws() {
    }

    public static URI endpoint(URL base) {
        return URI.create(base.toString().replaceAll("/+$", ""));
    }

    private static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none())
                .addExecutionInterceptor(IssuedSecrets.INTERCEPTOR).build();
    }

    public static IamClient iam(URL base, AwsCredentials credentials) {
        return IamClient.builder().endpointOverride(endpoint(base)).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(noRetries()).build();
    }

    public static StsClient sts(URL base, AwsCredentials credentials) {
        return StsClient.builder().endpointOverride(endpoint(base)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(noRetries()).build();
    }

    /** Without credentials: AssumeRoleWithWebIdentity is unsigned. */
    public static StsClient anonymousSts(URL base) {
        return StsClient.builder().endpointOverride(endpoint(base)).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(noRetries()).build();
    }

    public static AwsSessionCredentials session(software.amazon.awssdk.services.sts.model.Credentials c) {
        return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }
}
