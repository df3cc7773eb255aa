#include "core/forensics/live_analysis.h"

#include "core/forensics/forensic_analyzer.h"
#include "core/util/log.h"

#include <memory>

namespace cordon::core::forensics {

Expected<ForensicSettings> caseSettings(Database &db)
{
    Statement last = db.prepare("SELECT id, settings FROM analyses ORDER BY id DESC LIMIT 1");
    if (!last.step())
        return ForensicSettings{};
    const auto j = nlohmann::json::parse(last.textView(1), nullptr, false);
    auto settings = j.is_object() ? ForensicSettings::fromJson(j)
                                  : Expected<ForensicSettings>(Error{ErrorCode::Invalid, "not a JSON object"});
    if (!settings)
        return Error{ErrorCode::Invalid, "the settings of analysis " + std::to_string(last.int64(0))
                                             + " cannot be read: " + settings.error().message};
    return settings;
}

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
