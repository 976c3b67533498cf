#include "store/store.h"

namespace depeche::store {

const char* to_string(ArticleStatus s) {
  switch (s) {
    case ArticleStatus::published:
      return "published";
    case ArticleStatus::withdrawn:
      return "withdrawn";
  }
  return "published";
}

}  // namespace depeche::store
