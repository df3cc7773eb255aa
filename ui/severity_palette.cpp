#include "ui/severity_palette.h"

#include "core/domain/event_flags.h"

namespace cordon::ui {

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

SeverityColors severityColors(core::Severity severity, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    switch (severity) {
    case core::Severity::Critical:
        return {dark ? QColor(0xb7, 0x1c, 0x1c) : QColor(0xc6, 0x28, 0x28), Qt::white};
    case core::Severity::High:
        return {dark ? QColor(0xd8, 0x5c, 0x0c) : QColor(0xef, 0x6c, 0x00), Qt::white};
    case core::Severity::Medium:
        return {dark ? QColor(0xc9, 0xa2, 0x27) : QColor(0xf9, 0xa8, 0x25), QColor(0x21, 0x21, 0x21)};
    case core::Severity::Low:
        return {dark ? QColor(0x2e, 0x6f, 0xb0) : QColor(0x15, 0x65, 0xc0), Qt::white};
    }
    return {palette.color(QPalette::Button), palette.color(QPalette::ButtonText)};
}

QColor flagColor(std::uint32_t flags, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    using namespace core;
    if (flags & (JailbreakDetected | PromptInjection | SystemPromptLeak | ToolMisuse))
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c);
    if (flags & (PiiDetected | SecretDetected | PolicyViolation | AuthFailure))
        return dark ? QColor(0xff, 0xcc, 0x80) : QColor(0xb2, 0x6a, 0x00);
    return palette.color(QPalette::Text);
}

} // namespace cordon::ui
