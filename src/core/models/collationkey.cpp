// SPDX-License-Identifier: MIT
#include "collationkey.h"

#include <QCollator>
#include <QVarLengthArray>

#include <unicode/ucol.h>

#include <memory>
#include <vector>

namespace Planhat {

namespace {

/// An ICU collator set up as Qt's ICU backend sets one up (qcollator_icu.cpp).
struct IcuCollator
{
    QLocale locale;
    Qt::CaseSensitivity caseSensitivity = Qt::CaseSensitive;
    bool numericMode = false;
    bool ignorePunctuation = false;
    UCollator *collator = nullptr;

    IcuCollator(const IcuCollator &) = delete;
    IcuCollator &operator=(const IcuCollator &) = delete;
    explicit IcuCollator(const QCollator &from)
        : locale(from.locale())
        , caseSensitivity(from.caseSensitivity())
        , numericMode(from.numericMode())
        , ignorePunctuation(from.ignorePunctuation())
    {
        UErrorCode status = U_ZERO_ERROR;
        const QByteArray name = locale.bcp47Name().replace(u'-', u'_').toLatin1();
        collator = ucol_open(name.constData(), &status);
        if (U_FAILURE(status)) {
            if (collator)
                ucol_close(collator);
            collator = nullptr;
            return;
        }
        ucol_setAttribute(collator, UCOL_NORMALIZATION_MODE, UCOL_ON, &status);
        if (caseSensitivity == Qt::CaseInsensitive)
            ucol_setAttribute(collator, UCOL_STRENGTH, UCOL_SECONDARY, &status);
        if (numericMode)
            ucol_setAttribute(collator, UCOL_NUMERIC_COLLATION, UCOL_ON, &status);
        if (ignorePunctuation)
            ucol_setAttribute(collator, UCOL_ALTERNATE_HANDLING, UCOL_SHIFTED, &status);
    }
    ~IcuCollator()
    {
        if (collator)
            ucol_close(collator);
    }

    bool matches(const QCollator &other) const
    {
        return locale == other.locale() && caseSensitivity == other.caseSensitivity()
            && numericMode == other.numericMode() && ignorePunctuation == other.ignorePunctuation();
    }
};

/// This thread's collators: sorts ask for one or two set-ups, over and over.
UCollator *icuCollator(const QCollator &collator)
{
    thread_local std::vector<std::unique_ptr<IcuCollator>> collators;
    for (const std::unique_ptr<IcuCollator> &known : collators) {
        if (known->matches(collator))
            return known->collator;
    }
    if (collators.size() >= 8)
        collators.erase(collators.begin());
    collators.push_back(std::make_unique<IcuCollator>(collator));
    return collators.back()->collator;
}

} // namespace

QByteArray collationKey(const QString &text, const QCollator &collator)
{
    // Qt compares in the C locale without ICU, by the text's code points.
    if (collator.locale().language() == QLocale::C)
        return text.toUtf8();
    UCollator *icu = icuCollator(collator);
    if (!icu) // ICU has no collator for the locale: code point order
        return text.toUtf8();
    QVarLengthArray<uint8_t, 256> buffer(256);
    const auto *chars = reinterpret_cast<const UChar *>(text.constData());
    int32_t size
        = ucol_getSortKey(icu, chars, int32_t(text.size()), buffer.data(), int32_t(buffer.size()));
    if (size > buffer.size()) {
        buffer.resize(size);
        size = ucol_getSortKey(icu, chars, int32_t(text.size()), buffer.data(),
                               int32_t(buffer.size()));
    }
    // Without the terminating zero: keys then compare by memcmp and length.
    return QByteArray(reinterpret_cast<const char *>(buffer.constData()),
                      qMax<qsizetype>(0, size - 1));
}

} // namespace Planhat
