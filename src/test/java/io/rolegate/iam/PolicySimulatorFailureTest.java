package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.policy.Policy;
import io.rolegate.policy.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An evaluation the engine cannot make is AWS's PolicyEvaluation (500), not a narrower answer or InternalFailure. */
class PolicySimulatorFailureTest {

    @Test
    void anEngineFailureIsPolicyEvaluation() {
        PolicySimulator simulator = new PolicySimulator();
        simulator.evaluator = new AccessEvaluator() {
            @Override
            public Evaluation evaluate(CallerPolicies.CallerSide side, String action, String resource,
                                       Policy resourcePolicy, String resourceAccount, RequestContext context) {
                throw new IllegalStateException("Default version missing for arn:aws:iam::111111111111:policy/p");
            }
        };
        PolicySimulation.Request request = new PolicySimulation.Request(List.of(
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"),
                List.of(), List.of("s3:GetObject"), List.of(), null, null, null, List.of());
        AwsException e = assertThrows(AwsException.class, () -> simulator.simulateCustom("111111111111", request, 0, 100));
        assertEquals(ErrorCode.PolicyEvaluation, e.code());
        assertEquals(500, e.code().httpStatus());
        assertEquals("The policies of the simulation could not be evaluated.", e.getMessage());
    }
}
