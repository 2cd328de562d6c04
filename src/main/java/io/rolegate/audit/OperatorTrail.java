package io.rolegate.audit;

import io.rolegate.iam.OperatorEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's commands in the audit trail: CloudTrail records with eventSource {@value #SOURCE} and a userIdentity
 * of type {@value #IDENTITY_TYPE} naming the operating-system account that ran the command (the only identity an
 * operator with database access has), in the trail of the account acted on.
 */
@ApplicationScoped
public class OperatorTrail implements OperatorEvents {
    public static final String SOURCE = "operator.rolegate.io";
    public static final String IDENTITY_TYPE = "RolegateOperator";
    static final String USER_AGENT = "rolegate-cli";

    @Inject
    AuditTrail trail;
    @Inject
    Clock clock;

    @Override
    public void record(OperatorAction a) {
        ApiCall call = ApiCall.of(SOURCE, a.eventName(), null, clock.instant()).from(null, USER_AGENT)
                .identity(identity()).recipient(a.accountId() == null ? "" : a.accountId())
                .request(a.requestParameters()).response(a.responseElements()).readOnly(false);
        if (a.resourceType() != null) {
            call.resource(a.resourceType(), a.resourceName());
        }
        trail.record(call);
    }

    private static Map<String, Object> identity() {
        String user = System.getProperty("user.name", "unknown");
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("type", IDENTITY_TYPE);
        u.put("principalId", "operator:" + user);
        u.put("userName", user);
        u.put("invokedBy", USER_AGENT);
        return u;
    }
}
