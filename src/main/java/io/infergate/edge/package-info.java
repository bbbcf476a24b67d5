/**
 * The HTTP edge, before any operation runs: at the Netty level (installed through
 * {@link io.infergate.edge.EdgeVertxServices}, a Vert.x service provider) the request-head and HTTP/2 header deadlines,
 * the answers to heads Netty refuses (too long, too large, malformed), and nothing written after a connection's last
 * answer; at the Vert.x level ({@link io.infergate.edge.EdgeFilters}) the request id, one credential per request, the
 * body size and body deadline, OPTIONS and the router's error pages, all in the vendor {@code Error} shape of
 * {@code api}. Keys under {@code infergate.edge.*}. The edge uses {@code api} for that shape and for the methods each
 * path allows; nothing uses the edge.
 */
package io.infergate.edge;
