#pragma once

#include "core/detect/detector.h"
#include "core/detect/protected_text.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <string>

namespace cordon::core {

/// What one detection pass did.
struct DetectionPass {
    std::int64_t events = 0;    ///< events evaluated
    std::int64_t raised = 0;    ///< new alerts
    std::int64_t updated = 0;   ///< alerts that gained events or severity
    bool more = false;          ///< stopped at the limit; events remain to evaluate
};

/// Runs the detection rules over events as they are committed. The case remembers how far
/// detection got (meta detection_upto, written in the same transaction as the alerts), so a
/// pass after a crash or restart continues exactly where the last committed one ended; the
/// windows are warmed up again from the events just before that point.
class DetectionEngine {
public:
    DetectionEngine(DetectionConfig config, const Clock &clock);

    /// Evaluates the events committed since the last pass (about `limit` of them at most, in
    /// pages of one transaction each) and writes the alerts it raises or extends, each with
    /// an audit entry. Call on the writer connection. Throws SqlError.
    DetectionPass run(Database &db, std::int64_t limit = INT64_MAX);

    const DetectionConfig &config() const { return m_detector.config(); }

private:
    void warmUp(Database &db, std::int64_t upto);
    std::string groupName(Database &db, const GroupKey &key);
    void write(Database &db, std::vector<AlertChange> &changes, DetectionPass &pass);

    Detector m_detector;
    ProtectedText m_protected;   ///< loaded when the engine warms up
    const Clock &m_clock;
    bool m_warm = false;
};

} // namespace cordon::core
