#include "ui/time_text.h"

#include <QDateTime>
#include <QTimeZone>

#include <cstdlib>

namespace cordon::ui {

QString formatLocalTime(core::TimeUs t)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(t / 1000, QTimeZone::systemTimeZone());
    const int offset = local.offsetFromUtc();
    const QString sign = offset < 0 ? QStringLiteral("−") : QStringLiteral("+");
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz ")) + sign
        + QStringLiteral("%1:%2").arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0')).arg(std::abs(offset) / 60 % 60, 2, 10, QLatin1Char('0'));
}

} // namespace cordon::ui
