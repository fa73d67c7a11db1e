/* Print id<TAB>cc<TAB>name<TAB>lat<TAB>lon<TAB>population<TAB>tz<TAB>admin1 name for every
 * libgeonames city. The name is translated according to LANGUAGE (run with LC_ALL=C.UTF-8).
 * Build: gcc geonames_dump.c $(pkg-config --cflags --libs geonames) */
#include <stdio.h>
#include <locale.h>
#include <geonames/geonames.h>

int main(void)
{
    setlocale(LC_ALL, "");
    for (int i = 0, n = geonames_get_n_cities(); i < n; i++) {
        GeonamesCity *c = geonames_get_city(i);
        GVariant *id = g_variant_get_child_value(c, 0);
        printf("%s\t%s\t%s\t%.4f\t%.4f\t%u\t%s\t%s\n", g_variant_get_string(id, NULL),
               geonames_city_get_country_code(c), geonames_city_get_name(c),
               geonames_city_get_latitude(c), geonames_city_get_longitude(c),
               geonames_city_get_population(c), geonames_city_get_timezone(c),
               geonames_city_get_state(c));
        g_variant_unref(id);
        geonames_city_free(c);
    }
    return 0;
}
