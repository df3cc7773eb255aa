#pragma once

#include "core/domain/case_info.h"
#include "core/store/sqlite.h"
#include "core/util/expected.h"

namespace cordon::core::response {

/// Moves the case to `phase` (audited case.phase). Phases move forward; going back is refused
/// unless `allowBack`, which the caller asks the person to confirm first.
Status setPhase(Database &db, const Clock &clock, const std::string &actor, Phase phase, bool allowBack = false);

/// Records when a milestone was reached (audited case.milestone): at `at`, or now. A milestone
/// before an earlier one (contained before declared, say) is refused, and so is one in the
/// future. Reaching a milestone moves the phase on to the one that follows it, when behind.
Status setMilestone(Database &db, const Clock &clock, const std::string &actor, Milestone milestone,
                    std::optional<TimeUs> at = std::nullopt);

/// The phase a milestone opens: declared → containment, contained → remediation, …
Phase phaseAfter(Milestone m);

} // namespace cordon::core::response
