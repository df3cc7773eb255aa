#pragma once

#include "core/detect/detector.h"
#include "core/detect/protected_text.h"
#include "core/domain/event.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cordon::core {

/// What one detection pass did.
struct DetectionPass {
    std::int64_t events = 0;    ///< events evaluated
    std::int64_t raised = 0;    ///< new alerts
    std::int64_t updated = 0;   ///< alerts that gained events or severity
    bool more = false;          ///< stopped at the limit; events remain to evaluate
};

/// The signals of events not stored yet, computed on the thread that received them (see
/// DetectionEngine::signalsOf), so the writer thread only looks them up.
struct EarlySignals {
    std::vector<SignalSet> sets;   ///< one per event, in order
    /// The protected texts they were computed with; the writer uses them only while these are
    /// still the engine's.
    std::shared_ptr<const ProtectedText> basis;
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

    /// Loads the case's protected texts, which signalsOf needs; warming up loads them too.
    void loadProtectedText(Database &db);
    /// Computes the signals of events before they are stored. Thread-safe: call it on the
    /// thread that received them, so the scanners' work stays off the writer thread.
    EarlySignals signalsOf(const std::vector<Event> &events) const;
    /// Writer thread, after the commit that stored the event as `id`: its signals from
    /// signalsOf, used by the pass that evaluates it instead of scanning it again. Give ids in
    /// increasing order.
    void expect(std::int64_t id, SignalSet signalSet, const std::shared_ptr<const ProtectedText> &basis);

private:
    template<class Fn>
    std::int64_t forEachEvent(Database &db, std::int64_t after, std::int64_t until, TimeUs since, std::int64_t limit,
                              Fn &&fn);
    void warmUp(Database &db, std::int64_t upto);
    std::string groupName(Database &db, const GroupKey &key);
    void write(Database &db, std::vector<AlertChange> &changes, DetectionPass &pass);

    Detector m_detector;
    const ScannerSettings m_scanners;   ///< a copy signalsOf reads while the writer runs
    mutable std::mutex m_protectedMutex;
    /// Loaded when the engine warms up; replaced, never changed, so signalsOf can share it.
    std::shared_ptr<const ProtectedText> m_protected;
    /// (event id, signals) from expect(), in id order; bounded, the rest are scanned again.
    std::deque<std::pair<std::int64_t, SignalSet>> m_expected;
    const Clock &m_clock;
    bool m_warm = false;
};

} // namespace cordon::core
