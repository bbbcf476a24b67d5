package io.infergate.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to the gateway as an admin, for tests about something other than who may call.
 */
public final class Authenticated {

    private Authenticated() {
    }

    /**
     * @return {@link RestAssured#given()} with the admin's bearer token
     */
    public static RequestSpecification given() {
        return RestAssured.given().header("Authorization", TestTokens.adminHeader());
    }
}
