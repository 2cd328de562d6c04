package io.rolegate.it;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Every secret the tests' SDK clients (Aws.java) send or receive - secret access keys, session tokens, passwords,
 * identity tokens, MFA seeds - appended to {@link #FILE}, one a line, for NoSecretsInLogsIT to look for in the logs.
 */
final class IssuedSecrets implements ExecutionInterceptor {
    static final Path FILE = Path.of("target/test-data/issued-secrets.txt");
    static final IssuedSecrets INTERCEPTOR = new IssuedSecrets();
    private static final Set<String> SECRET_MEMBERS = Set.of("SecretAccessKey", "SessionToken", "Password",
            "NewPassword", "OldPassword", "WebIdentityToken", "SAMLAssertion", "Base32StringSeed", "ClientSecret",
            "AccessToken", "RefreshToken", "IdToken");

    private IssuedSecrets() {
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        collect(context.request());
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        collect(context.response());
    }

    private static void collect(Object value) {
        if (value instanceof SdkPojo pojo) {
            for (SdkField<?> f : pojo.sdkFields()) {
                Object v = f.getValueOrDefault(pojo);
                if (SECRET_MEMBERS.contains(f.memberName()) && v != null) {
                    record(v instanceof SdkBytes b ? b.asUtf8String() : v.toString());
                } else {
                    collect(v);
                }
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(IssuedSecrets::collect);
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(IssuedSecrets::collect);
        }
    }

    static synchronized void record(String secret) {
        if (secret.length() < 8) {
            return; // too short to look for without false alarms
        }
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, secret.replace("\n", "") + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
