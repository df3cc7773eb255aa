#include "ui/response/clock_text.h"

#include "core/util/time_format.h"
#include "ui/time_text.h"

#include <QObject>

namespace cordon::ui {
namespace {
constexpr core::TimeUs kMinute = 60'000'000;
constexpr core::TimeUs kWarn = 12 * 60 * kMinute;
} // namespace

QString timeLeftText(core::TimeUs remaining)
{
    return QString::fromStdString(core::formatTimeLeft(remaining));
}

QString clocksHtml(const std::vector<core::response::RegulatoryClock> &clocks, core::TimeUs now)
{
    if (clocks.empty())
        return QObject::tr("No regulatory clock is running.");
    QString html;
    for (const auto &c : clocks) {
        const QString name = QString::fromStdString(c.name).toHtmlEscaped();
        if (!c.running()) {
            html += QObject::tr("<div>%1: closed as <i>%2</i> %3</div>")
                        .arg(name, QString::fromStdString(c.outcome), formatLocalTime(*c.closedAt));
            continue;
        }
        const core::TimeUs left = c.remaining(now);
        const QString colour = left < kWarn ? QStringLiteral("#c62828") : QStringLiteral("#8a5c00");
        html += QObject::tr("<div><b>%1</b>: <b style='color:%2'>%3</b>, deadline %4<br><small>%5</small></div>")
                    .arg(name, colour, timeLeftText(left), formatLocalTime(c.deadlineAt),
                         QString::fromStdString(c.basis).toHtmlEscaped());
    }
    return html;
}

} // namespace cordon::ui
