/* Print cc<TAB>IANA zone<TAB>Polish exemplar city for every canonical zone (ICU).
 * Build: gcc icu_cities.c $(pkg-config --cflags --libs icu-i18n icu-uc) */
#include <stdio.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/uenum.h>

int main(void)
{
    for (const char *const *cc = uloc_getISOCountries(); *cc; cc++) {
        UErrorCode e = U_ZERO_ERROR;
        UEnumeration *z = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, *cc, NULL, &e);
        const UChar *id;
        int32_t idl;
        while (z && (id = uenum_unext(z, &idl, &e))) {
            UErrorCode e2 = U_ZERO_ERROR;
            UChar out[128];
            char u8[256], zid[64];
            UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, "pl", id, idl, u"VVV", -1, &e2);
            int32_t n = udat_format(f, 0.0, out, 128, NULL, &e2);
            u_strToUTF8(u8, sizeof u8, NULL, out, n, &e2);
            u_austrncpy(zid, id, sizeof zid);
            if (U_SUCCESS(e2))
                printf("%s\t%s\t%s\n", *cc, zid, u8);
            udat_close(f);
        }
        uenum_close(z);
    }
    /* Polish country names as ICU has them (CLDR 42) */
    for (const char *const *cc = uloc_getISOCountries(); *cc; cc++) {
        UErrorCode e = U_ZERO_ERROR;
        UChar out[256];
        char loc[16], u8[512];
        snprintf(loc, sizeof loc, "und_%s", *cc);
        int32_t n = uloc_getDisplayCountry(loc, "pl", out, 256, &e);
        u_strToUTF8(u8, sizeof u8, NULL, out, n, &e);
        if (U_SUCCESS(e))
            printf("%s\t-\t%s\n", *cc, u8);
    }
    return 0;
}
