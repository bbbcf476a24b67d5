package io.infergate.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * Routes of the main router as a Quarkus extension or a Vert.x handler may add them (the shipped application has
 * none): one bound to GET, and one after it that refuses every other method with 405, so that tests reach the
 * router's own 405 page (with the REST layer at the root path and its own 404 mapping, an unmatched method never
 * falls through to the router). Test code only.
 */
@Singleton
class GetOnlyRoute {

    static final String PATH = "/infergate-test/get-only";

    void register(@Observes Router router) {
        router.get(PATH).order(-2).handler(context -> context.response().end());
        router.route(PATH).order(-1).handler(context -> {
            if (context.request().method() != HttpMethod.GET) {
                context.fail(405);
            }
        });
    }
}
