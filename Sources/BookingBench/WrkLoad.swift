import Foundation

/// Drives `bench bookings` with wrk (a C load generator, `apt-get install wrk`) in its own process
/// instead of the in-process Swift client, to see how much of the machine the generator itself took.
/// Closed loop only (wrk has no fixed-rate mode).
enum WrkLoad {
    struct Result {
        var created = 0
        var conflicts = 0
        var errors = 0
        var p50Ms = 0.0
        var p99Ms = 0.0
        var seconds = 0.0
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let threadCount = 2

    /// Each request books a (start, staff) pair from `targets` for a new client email: the next one
    /// in order (each thread takes every second pair), or a random one `withReplacement`.
    static func run(
        port: Int, tenant: String, service: UUID, targets: [BenchTarget], withReplacement: Bool, clients: Int, seconds: Double,
        folder: URL
    ) throws -> Result {
        let script = folder.appendingPathComponent("bookings.lua")
        let table = targets.map { "{\"\($0.start)\",\"\($0.staff.uuidString)\"}" }.joined(separator: ",\n")
        try """
            local targets = {\(table)}
            local threads = {}
            function setup(thread) table.insert(threads, thread); thread:set("id", #threads - 1) end
            function init(args)
              created, conflicts, others, sequence = 0, 0, 0, 0
              math.randomseed(os.time() + #threads * 7919 + math.floor(os.clock() * 1000000))
              wrk.method = "POST"
              wrk.headers["Content-Type"] = "application/json"
              wrk.headers["X-Tenant"] = "\(tenant)"
              prefix = tostring(math.random(1, 1000000000))
            end
            function request()
              local t
              if \(withReplacement) then
                t = targets[math.random(#targets)]
              else
                t = targets[((sequence * \(threadCount) + id) % #targets) + 1]
              end
              sequence = sequence + 1
              local body = '{"service":"\(service.uuidString)","staff":"' .. t[2] .. '","start":"' .. t[1] ..
                '","consent":true,"client":{"name":"Wrk client","email":"w' .. prefix .. '-' .. sequence .. '@bench.example"}}'
              return wrk.format(nil, "/api/v1/bookings", nil, body)
            end
            function response(status, headers, body)
              if status == 201 then created = created + 1 elseif status == 409 then conflicts = conflicts + 1 else others = others + 1 end
            end
            function done(summary, latency, requests)
              local c, k, o = 0, 0, 0
              for _, thread in ipairs(threads) do
                c = c + thread:get("created"); k = k + thread:get("conflicts"); o = o + thread:get("others")
              end
              io.write(string.format("WRK created=%d conflicts=%d errors=%d p50_us=%d p99_us=%d duration_us=%d\\n",
                c, k, o + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
                latency:percentile(50), latency:percentile(99), summary.duration))
            end
            """.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "wrk", "-t\(threadCount)", "-c\(clients)", "-d\(max(1, Int(seconds.rounded())))s", "--timeout", "10s", "-s", script.path,
            "http://127.0.0.1:\(port)",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw Failure(description: "could not start wrk (install it with `apt-get install wrk`): \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let line = text.split(separator: "\n").first(where: { $0.hasPrefix("WRK ") }) else {
            throw Failure(description: "wrk failed (exit \(process.terminationStatus)): \(text.suffix(500))")
        }
        var values: [String: Double] = [:]
        for pair in line.dropFirst(4).split(separator: " ") {
            let parts = pair.split(separator: "=")
            if parts.count == 2 { values[String(parts[0])] = Double(parts[1]) }
        }
        return Result(
            created: Int(values["created"] ?? 0), conflicts: Int(values["conflicts"] ?? 0), errors: Int(values["errors"] ?? 0),
            p50Ms: (values["p50_us"] ?? 0) / 1000, p99Ms: (values["p99_us"] ?? 0) / 1000, seconds: (values["duration_us"] ?? 0) / 1_000_000)
    }
}
