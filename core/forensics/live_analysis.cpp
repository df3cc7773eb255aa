#include "core/forensics/live_analysis.h"

#include "core/forensics/forensic_analyzer.h"
#include "core/util/log.h"

#include <memory>

namespace cordon::core::forensics {

LiveAnalysis liveAnalysis(ForensicSettings settings, const Clock &clock, std::string actor,
                          std::chrono::milliseconds interval, std::int64_t slice)
{
    auto analyzer = std::make_shared<ForensicAnalyzer>(settings, clock);
    LiveAnalysis live;
    live.interval = interval;
    live.run = [analyzer, actor = std::move(actor), slice](Database &db) {
        if (!ForensicAnalyzer::hasWork(db))
            return false;
        const AnalysisSummary s = analyzer->run(db, actor, false, slice);
        if (s.events > 0) {
            logger("forensics")->info("analysis {}: {} events, {} attack events, {} campaigns, {:.2f} s", s.analysisId,
                                      s.events, s.attackEvents, s.campaigns, s.seconds);
        }
        return s.more;
    };
    return live;
}

} // namespace cordon::core::forensics
