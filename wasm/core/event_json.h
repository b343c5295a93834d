#pragma once
// An Event written straight to JSON, byte for byte what write_json(event.to_value()) writes,
// without building (and then destroying) the Value tree in between. The capture path writes
// every event once and nearly every event fits the size cap, so that tree was pure overhead:
// about a third of a capture's instructions.
#include <string>

#include "core/event.h"

namespace vigil {

void write_event_json(const Event& event, std::string& out);
void write_breadcrumb_json(const Breadcrumb& breadcrumb, std::string& out);
void write_exception_json(const ExceptionValue& exception, std::string& out);

}  // namespace vigil
