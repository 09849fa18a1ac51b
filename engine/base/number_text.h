#ifndef VIGIE_BASE_NUMBER_TEXT_H_
#define VIGIE_BASE_NUMBER_TEXT_H_

#include <string>

namespace vigie {

// A number as a controller reads it: 2.5, 40, 0.2 (never 0.19999999999999): 10 significant digits.
std::string ShortNumber(double value);

}  // namespace vigie

#endif  // VIGIE_BASE_NUMBER_TEXT_H_
