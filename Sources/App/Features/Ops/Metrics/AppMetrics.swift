import Foundation
import Metrics
import NIOConcurrencyHelpers
import Prometheus

/// The process's metrics: swift-metrics with swift-prometheus as its backend, bootstrapped once per
/// process. Vapor then reports `http_requests_total`, `http_request_errors_total` and
/// `http_request_duration_seconds` by route pattern and status by itself; the app adds its own
/// counters here (no tenant label: the number of tenants is unbounded).
enum AppMetrics {
    static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = NIOLockedValueBox(false)

    static func bootstrap() {
        let first = bootstrapped.withLockedValue { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    static func bookingCreated() { Counter(label: "booking_bookings_created_total").increment() }
    static func bookingCancelled() { Counter(label: "booking_bookings_cancelled_total").increment() }
    static func enrolled(waitlisted: Bool) {
        Counter(label: "booking_enrollments_total", dimensions: [("status", waitlisted ? "waitlisted" : "enrolled")]).increment()
    }
    static func workerClaimed(_ count: Int) { Counter(label: "booking_worker_claimed_total").increment(by: count) }
    static func workerSent() { Counter(label: "booking_worker_sent_total").increment() }
    static func workerFailed() { Counter(label: "booking_worker_failures_total").increment() }
}
